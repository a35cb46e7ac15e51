"""Directions: the taxonomy, features, classifier, training and labelling help."""
