from reports.typography import NARROW_NBSP, NBSP, french_spacing


def test_it_makes_the_space_before_high_punctuation_narrow_and_unbreakable():
    assert french_spacing("Pourquoi ? Parce que ! Voilà ; fin") == (
        f"Pourquoi{NARROW_NBSP}? Parce que{NARROW_NBSP}! Voilà{NARROW_NBSP}; fin"
    )


def test_it_puts_a_no_break_space_before_a_colon():
    assert french_spacing("Décision : pivoter") == f"Décision{NBSP}: pivoter"


def test_it_puts_no_break_spaces_inside_guillemets_even_when_missing():
    assert french_spacing("le « comité » et «ici»") == (
        f"le «{NBSP}comité{NBSP}» et «{NBSP}ici{NBSP}»"
    )


def test_it_adds_no_space_where_there_was_none():
    text = "https://exemple.fr/?a=1 à 10:30, vraiment?!"
    assert french_spacing(text) == text


def test_it_replaces_several_spaces_or_an_existing_no_break_space_once():
    assert french_spacing(f"Oui  !{NBSP}Non{NBSP}?") == f"Oui{NARROW_NBSP}!{NBSP}Non{NARROW_NBSP}?"


def test_the_template_filter_keeps_user_text_escaped():
    from django.template import engines

    template = engines["django"].from_string("{% load reports %}{{ text|french }}")
    assert template.render({"text": "<b>Alerte</b> !"}) == (
        f"&lt;b&gt;Alerte&lt;/b&gt;{NARROW_NBSP}!"
    )
