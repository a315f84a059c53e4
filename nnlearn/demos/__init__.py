"""The slider demos of the book, one module per chapter."""
