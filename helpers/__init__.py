"""Helpers for the book "Two areas under one curve".

``helpers.metrics`` reimplements scikit-learn's average precision and Keras's
PR-AUC in numpy; the other modules draw the book's figures and hold code that
several chapters share.
"""
