"""Reviewing proposals where our JupyterLab extension is absent: an ipywidgets review.

``state`` holds the review rules (the same as the labextension's ``proposals/model.ts``),
``frontend`` guesses which frontend shows the output, ``widget`` draws the cards.
"""
