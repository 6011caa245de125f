"""The look-ahead job: a caseload forecast week by week, and the HQ returns."""
