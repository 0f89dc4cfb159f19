"""Funds: the record of a fund's flows, base-year opening, one roll-forward, financing cash flows."""
