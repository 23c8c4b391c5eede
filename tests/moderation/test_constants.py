from classifier.labels import ABUSE_TARGETS, CATEGORIES
from majlis.moderation.constants import AbuseTarget, Category


def test_categories_match_the_classifier_labels():
    assert tuple(Category.values) == CATEGORIES
    assert tuple(AbuseTarget.values) == ABUSE_TARGETS
