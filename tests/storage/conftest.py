from tests.investigations.conftest import investigation, member, week

__all__ = ["investigation", "member", "week"]
