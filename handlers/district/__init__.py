"""The district departments' (区县经信主管部门) commands and buttons."""
