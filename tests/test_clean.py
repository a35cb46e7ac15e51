import pytest

from indpol.nlp.morph import load_morph
from indpol.text.clean import dehyphenate, normalise_characters
from indpol.textmap import MappedText


def clean(text: str) -> str:
    return dehyphenate(normalise_characters(MappedText.identity(text)), load_morph()).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Рес-\nпублики Беларусь", "Республики Беларусь"),
        ("Рес-\n\nпублики", "Республики"),
        ("межпра-\nвительственному", "межправительственному"),
        ("научно-\nтехнического", "научно-технического"),
        ("научно-техниче-\nского прогресса", "научно-технического прогресса"),
        ("социально-\nэкономического", "социально-экономического"),
        ("Санкт-\nПетербург", "Санкт-Петербург"),
        ("№ 488-\nФЗ", "№ 488-ФЗ"),
        ("сло\u00ad\nво", "слово"),
        ("чело\ufffeвек", "человек"),
        ("добав-\u2028ленную", "добавленную"),
    ],
)
def test_dehyphenate_decides_with_dictionary(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12\u00a0345,6 тыс.", "12 345,6 тыс."),
        ("12\u2009345\u202f678", "12 345 678"),
        ("эф\u00adфект", "эффект"),
        ("ﬁnance", "finance"),
        ("a\u200bb", "ab"),
        ("строка  \r\nдругая", "строка\nдругая"),
    ],
)
def test_normalise_characters(raw, expected):
    assert normalise_characters(MappedText.identity(raw)).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Минпром-\nторг России", "Минпромторг России"),
        ("информационно-\nкоммуникационных", "информационно-коммуникационных"),
        ("политико-\nэкономического", "политико-экономического"),
        ("северо-\nзападного", "северо-западного"),
        ("промыш-\nленность", "промышленность"),
        (
            "военно-\nпромышленного комплекса",
            "военно-промышленного комплекса",
        ),  # the glued form is in the dictionary too
        ("топливно-\nэнергетического", "топливно-энергетического"),
        ("заказчиками-\nкоординаторами", "заказчиками-координаторами"),
        ("Ростов-\nна-Дону", "Ростов-на-Дону"),
        ("органи-\nзаций-исполнителей", "организаций-исполнителей"),  # a syllable break before a compound
        ("-Wfloat-\nconversion", "-Wfloat-conversion"),  # Latin words keep their hyphen
        ("стран ЕАЭС-\nучастниц", "стран ЕАЭС-участниц"),
        ("много-\nлетний", "многолетний"),
        ("ко-\nторый", "который"),
        ("импорто-\nзамещения", "импортозамещения"),
        ("фоторези-\nстов", "фоторезистов"),
    ],
)
def test_dehyphenate_compounds_and_abbreviations(raw, expected):
    assert clean(raw) == expected
