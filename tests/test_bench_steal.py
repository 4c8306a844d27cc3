"""`make bench` records how much of the machine's CPU the host took during the run (steal), so that a slow run on a
shared virtual machine can be told apart from a slower application."""

from bench.harness import cpu_times, stolen_share


def test_the_stolen_share_is_steal_over_all_the_time_spent() -> None:
    before = [100, 0, 50, 800, 10, 0, 0, 40]
    after = [400, 0, 150, 1000, 10, 0, 0, 340]  # 300 user + 100 system + 200 idle + 300 steal = 900 ticks

    assert stolen_share(before, after) == round(300 / 900, 3)


def test_no_share_without_two_readings_or_without_time() -> None:
    reading = [1, 2, 3, 4, 5, 6, 7, 8]

    assert stolen_share([], reading) is None
    assert stolen_share(reading, reading) is None


def test_this_machine_counts_its_cpu_time_in_eight_parts() -> None:
    times = cpu_times()

    assert len(times) == 8
    assert all(value >= 0 for value in times)
