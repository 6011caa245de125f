"""The validate job: read a workbook, list its problems, show what the rules derive."""
