"""Report workbooks (xlsx), write-back into a user's workbook, and charts."""
