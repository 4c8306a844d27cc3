"""Every change in procurement, one function per change, each audited in its own transaction."""
