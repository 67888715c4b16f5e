"""Secret family (SEC...): patterns are data under rules/secrets/; validators are code here."""
