"""Majlis: self-hosted, pre-moderated comments for news sites."""
