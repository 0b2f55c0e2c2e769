"""Policies as code (docs/policies.md): Policy documents, built-in rules, expiring exceptions and
PolicyTests.

Data flows one way: ``loader`` turns ``policies/*.yaml`` into compiled ``Policy`` values (or
located ``policy`` problems), ``engine`` evaluates them over one inventory (a rule yields only
what is wrong and where; the engine stamps rule id and severity and applies exceptions), and
``testing`` runs PolicyTests over small in-memory inventories through the same engine.
"""
