"""The weighted French search vector of a search document, as a generated column."""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F, Func

# Created by the migration 0001 on PostgreSQL: a copy of `french` whose word tokens go
# through `unaccent` then `french_stem`, so « evaluation » matches « évaluation ».
CONFIG = "french_unaccent"


class WeightedFrenchVector(Func):
    """setweight(to_tsvector('french_unaccent', a), 'A') || … 'B' || … 'C'.

    A generated column needs an immutable expression with the configuration as a literal
    (Django's SearchVector passes it as a parameter). SQLite has no text search: there the
    column stays empty and knowledge.search folds the text itself."""

    output_field = SearchVectorField()

    def __init__(self, weight_a, weight_b, weight_c):
        super().__init__(F(weight_a), F(weight_b), F(weight_c))

    def as_postgresql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression, weight in zip(self.get_source_expressions(), "ABC", strict=True):
            sql, expression_params = compiler.compile(expression)
            parts.append(
                f"setweight(to_tsvector('{CONFIG}'::regconfig, COALESCE({sql}, '')), '{weight}')"
            )
            params.extend(expression_params)
        return "(" + " || ".join(parts) + ")", params

    def as_sql(self, compiler, connection, **extra_context):
        return "''", []
