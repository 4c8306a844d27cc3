"""What a request keeps on its user object is worked out once, and again only when what it depends on changes."""

from types import SimpleNamespace

from carershub.core.request_cache import kept_on


def test_a_kept_value_is_built_once_for_the_same_key_and_again_for_a_new_one() -> None:
    holder, builds = SimpleNamespace(), []

    def build() -> int:
        builds.append(1)
        return len(builds)

    first = kept_on(holder, "_value", build, key="practitioner")
    again = kept_on(holder, "_value", build, key="practitioner")
    after_a_role_change = kept_on(holder, "_value", build, key="manager")

    assert (first, again, after_a_role_change, len(builds)) == (1, 1, 2, 2)
