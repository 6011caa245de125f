"""Workbook readers, validation into plain-English problems, templates and sample data."""

from allocator.domain.problems import Problem, Severity
from inputs.reader import ReadResult, read

__all__ = ["Problem", "ReadResult", "Severity", "read"]
