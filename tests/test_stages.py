"""Stages extractor: stage lists (inline, numbered, bulleted, run-in, across pages), timing, the seed."""

from array import array
from pathlib import Path

import pytest
import yaml

from indpol.annotate.morph import load_morph
from indpol.config import PipelineConfig
from indpol.extract.stage_items import CUES_PATH, head_action, item_object, load_stage_cues
from indpol.extract.stages import extract_stages, stages_step
from indpol.models import Models
from indpol.records import Document, Passage, make_id
from indpol.testing import make_document

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SEED = DATA / "seed" / "000_b7d02244011c42de.txt"
STAGES_ONLY = {"extract": {"entities": False, "figures": False}, "classify": {"directions": False}}


@pytest.fixture(scope="session")
def morph():
    return load_morph()


def run(text, morph):
    doc = make_document(text, doc_id="t")
    stages = extract_stages(doc, morph)
    for stage in stages:
        assert doc.text[stage.start : stage.end] == stage.text
    assert len({stage.stage_id for stage in stages}) == len(stages)
    return stages


def items(stages):
    return [(s.text, s.order, s.stage, s.action) for s in stages if s.list_id is not None]


LISTS = [
    (  # inline, separated by ";"
        "Задачами программы являются: создание условий для роста производства; развитие кадрового "
        "потенциала отрасли; проведение мониторинга цен.",
        [
            ("создание условий для роста производства", 1, None, "создание"),
            ("развитие кадрового потенциала отрасли", 2, None, "развитие"),
            ("проведение мониторинга цен", 3, None, "проведение"),
        ],
    ),
    (  # numbered paragraphs
        "Основные мероприятия программы:\n\n1. Модернизация оборудования котельных.\n\n"
        "2. Строительство газопровода.\n\n3. Проведение энергетических обследований.\n\nИные сведения приведены ниже.",
        [
            ("Модернизация оборудования котельных", 1, "1", "модернизация"),
            ("Строительство газопровода", 2, "2", "строительство"),
            ("Проведение энергетических обследований", 3, "3", "проведение"),
        ],
    ),
    (  # bullets
        "К приоритетным направлениям относятся:\n\n– поддержка экспорта продукции;\n\n"
        "– развитие промышленной кооперации;\n\n– подготовка инженерных кадров.",
        [
            ("поддержка экспорта продукции", 1, None, "поддержка"),
            ("развитие промышленной кооперации", 2, None, "развитие"),
            ("подготовка инженерных кадров", 3, None, "подготовка"),
        ],
    ),
    (  # lettered, inline
        "Подпрограмма включает следующие меры: а) субсидирование процентных ставок; б) предоставление грантов.",
        [
            ("субсидирование процентных ставок", 1, "а", "субсидирование"),
            ("предоставление грантов", 2, "б", "предоставление"),
        ],
    ),
    (  # run-in numbered, one paragraph
        "Задачи подпрограммы: 1. Развитие системы образования. 2. Организация досуга населения. "
        "3. Поддержка молодых семей. Финансирование ведется из бюджета.",
        [
            ("Развитие системы образования", 1, "1", "развитие"),
            ("Организация досуга населения", 2, "2", "организация"),
            ("Поддержка молодых семей", 3, "3", "поддержка"),
        ],
    ),
    (  # a third "и"-joined head starts a new item (lost separator)
        "К этапам относятся: создание и обеспечение условий; реализация проектов и подготовка планов "
        "и согласование подходов к поддержке.",
        [
            ("создание и обеспечение условий", 1, None, "создание"),
            ("реализация проектов и подготовка планов", 2, None, "реализация"),
            ("согласование подходов к поддержке", 3, None, "согласование"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_extract_stages_lists(text, expected, morph):
    stages = run(text, morph)
    assert items(stages) == expected
    assert len({s.list_id for s in stages if s.list_id}) == 1


def test_extract_stages_intro_with_governed_stop_noun(morph):
    text = "В целях управления указанными рисками предусматривается:\n\n- мониторинг выполнения подпрограммы;\n\n- ежегодная корректировка мероприятий."
    assert [(s.text, s.status) for s in run(text, morph)] == [
        ("мониторинг выполнения подпрограммы", "planned"),
        ("ежегодная корректировка мероприятий", "planned"),
    ]


def test_extract_stages_unmarked_lines_after_colon(morph):
    text = "Необходимо решить следующие задачи:\n\nподдержание дорог в нормативном состоянии;\n\nсохранение протяженности дорог.\n\nСрок реализации подпрограммы - 2015-2021 годы."
    stages = run(text, morph)
    assert [(s.text, s.order, s.action) for s in stages if s.list_id] == [
        ("поддержание дорог в нормативном состоянии", 1, "поддержание"),
        ("сохранение протяженности дорог", 2, "сохранение"),
    ]
    assert [(s.period_start, s.period_end) for s in stages if s.list_id is None] == [
        ("2015-01-01", "2021-12-31")
    ]


NOT_STAGE_LISTS = [
    "Целевыми показателями программы являются: доля граждан; число участников.",
    "Ожидаемыми результатами являются: рост выпуска; снижение затрат.",
    "Адрес: г. Минск, ул. Ленина, д. 5; тел. 222-33-44.",
    "Эффективность рассчитывается по формуле, где: E – эффективность; N – число мероприятий.",
    "Источники: Росстат; Белстат.",
    "Исполнитель выполняет следующие мероприятия: осуществляет координацию; готовит отчеты.",
    "Меры поддержки предоставляются следующим категориям: ветераны труда; инвалиды; многодетные семьи.",
]


@pytest.mark.parametrize("text", NOT_STAGE_LISTS)
def test_extract_stages_not_stage_lists(text, morph):
    assert items(run(text, morph)) == []


def test_extract_stages_list_across_page_break(morph):
    text = "Задачи программы:\n\n– развитие промышленной\n\nкооперации и импортозамещения;\n\n– поддержка экспорта."
    doc = Document(doc_id="p", source="<text>", format="pdf", text=text, pages=2)
    doc.origin = array("q", range(len(text)))
    doc.has_source_offsets = True
    pieces = [("Задачи программы:", "paragraph", 1), ("– развитие промышленной", "list_item", 1),
              ("кооперации и импортозамещения;", "paragraph", 2), ("– поддержка экспорта.", "list_item", 2)]  # fmt: skip
    for index, (piece, kind, page) in enumerate(pieces):
        start = text.index(piece)
        doc.passages.append(Passage("p", make_id("p", index), index, kind, page, start, start + len(piece),
                                    start, start + len(piece), "ru", piece))  # fmt: skip
    stages = extract_stages(doc, morph)
    assert [(s.text.split(), s.page, s.order) for s in stages] == [
        (["развитие", "промышленной", "кооперации", "и", "импортозамещения"], 1, 1),
        (["поддержка", "экспорта"], 2, 2),
    ]
    assert stages[0].passage_id == doc.passages[1].passage_id


def timing(stages):
    return [(s.stage, s.order, s.period_start, s.period_end, s.single_stage, s.status) for s in stages]


TIMING = [
    (
        "Сроки и этапы реализации программы: 2015–2020 годы, в один этап.",
        [(None, None, "2015-01-01", "2020-12-31", True, None)],
    ),
    (
        "Программа реализуется в 2017 - 2020 годах. Реализация программы осуществляется в один этап.",
        [
            (None, None, "2017-01-01", "2020-12-31", False, None),
            (None, None, "2017-01-01", "2020-12-31", True, None),
        ],
    ),
    (
        "Сроки реализации программы: I этап – 2015–2017 годы; II этап – 2018–2020 годы.",
        [
            ("I", 1, "2015-01-01", "2017-12-31", False, None),
            ("II", 2, "2018-01-01", "2020-12-31", False, None),
        ],
    ),
    (
        "На I этапе (2013 - 2015 годы) будут созданы условия для роста выпуска. На II этапе (2016 - 2020 годы) "
        "планируется реализация инвестиционных проектов.",
        [
            ("I", 1, "2013-01-01", "2015-12-31", False, "planned"),
            ("II", 2, "2016-01-01", "2020-12-31", False, "planned"),
        ],
    ),
    (
        "На первом этапе 2018-2020 годы необходимо определить границы участков.",
        [("1", 1, "2018-01-01", "2020-12-31", False, None)],
    ),
    (
        "В настоящее время разрабатываются новые программы на 2024–2026 гг.",
        [(None, None, "2024-01-01", "2026-12-31", False, "in_progress")],
    ),
    (
        "Большинство программ будет реализовываться вплоть до 2030 года.",
        [(None, None, None, "2030-12-31", False, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TIMING)
def test_extract_stages_timing(text, expected, morph):
    assert timing(run(text, morph)) == expected


def test_item_period_only_its_own(morph):
    stages = run(
        "Мероприятия программы:\n\n– проведение конкурса в 2019 году;\n\n– запись интервью ветеранов войны 1941-1945 гг.",
        morph,
    )
    assert [(s.period_start, s.period_end) for s in stages] == [("2019-01-01", "2019-12-31"), (None, None)]


def test_numbered_stages_share_list_id(morph):
    stages = run("Этапы: I этап – 2015–2017 годы; II этап – 2018–2020 годы.", morph)
    assert len({s.list_id for s in stages}) == 1 and stages[0].list_id is not None


@pytest.mark.parametrize(("text", "action", "obj"), [
    ("создание и обеспечение базовых условий для взаимодействия", "создание", "базовых условий"),
    ("совместная реализация совместных проектов", "реализация", "совместных проектов"),
    ("согласование полномочий в части проведения работы", "согласование", "полномочий"),
    ("Выплата пенсии за выслугу лет", "выплата", "пенсии"),
    ("Мероприятия по содержанию дорог", "содержание", "дорог"),
    ("производство продуктов питания для детей", "производство", "продуктов питания"),
    ("планируется разработка новых программ", "разработка", "новых программ"),
    ("обеспечить доступ населения к информации", "обеспечить", "доступ населения"),
    ("Приоритеты государственной политики", None, None),
])  # fmt: skip
def test_head_action_and_object(text, action, obj, morph):
    cues = load_stage_cues()
    lemma, end = head_action(text, morph, cues)
    assert lemma == action
    assert (item_object(text, end, morph, cues) if lemma else None) == obj


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/data/seed is absent")
def test_seed_five_stages():
    from indpol.pipeline import Pipeline

    doc = Pipeline.from_config(STAGES_ONLY).process(SEED)
    listed = [s for s in doc.stages if s.list_id is not None]
    assert [(s.order, s.action) for s in listed] == [
        (1, "создание"), (2, "согласование"), (3, "проведение"), (4, "реализация"), (5, "согласование"),
    ]  # fmt: skip
    assert len({s.list_id for s in listed}) == 1
    raw = SEED.read_text(encoding="utf-8")
    assert all(raw[s.source_start : s.source_end].split()[0] == s.text.split()[0] for s in listed)
    programme = [
        (s.status, s.completion, s.period_start, s.period_end) for s in doc.stages if s.list_id is None
    ]
    assert programme == [
        (None, None, None, "2030-12-31"),
        ("in_progress", 80.0, None, None),
        ("deferred", None, None, None),
        ("in_progress", None, "2024-01-01", "2026-12-31"),
    ]


def test_stages_step_reads_configured_cues(tmp_path):
    text = "Блоками программы являются: создание технопарка; развитие кластера."
    cues = yaml.safe_load(CUES_PATH.read_text(encoding="utf-8"))
    cues["intro_nouns"].append("блок")
    (tmp_path / "cues.yaml").write_text(yaml.safe_dump(cues, allow_unicode=True), encoding="utf-8")
    found = []
    for setting in (None, str(tmp_path / "cues.yaml")):
        config = PipelineConfig.resolve({"extract": {"stage_cues": setting}})
        doc = make_document(text, doc_id="c")
        stages_step(doc, Models(config), config)
        found.append([s.action for s in doc.stages])
    assert found == [[], ["создание", "развитие"]]


GENERALISED_LISTS = [
    (  # cue-less "необходимо:" with infinitive items
        "Для снижения потерь тепла необходимо:\n\n– провести реконструкцию тепловых сетей;\n\n"
        "– обеспечить установку приборов учета.",
        [
            ("провести реконструкцию тепловых сетей", 1, None, "провести"),
            ("обеспечить установку приборов учета", 2, None, "обеспечить"),
        ],
    ),
    (  # a numbered task heading ending in ":" (no cue word) over nominalisations
        "2. Модернизация системы здравоохранения:\n\nстандартизация медицинских услуг;\n\n"
        "развитие сети фельдшерских пунктов;\n\nповышение квалификации врачей.",
        [
            ("стандартизация медицинских услуг", 1, None, "стандартизация"),
            ("развитие сети фельдшерских пунктов", 2, None, "развитие"),
            ("повышение квалификации врачей", 3, None, "повышение"),
        ],
    ),
    (  # a lost letter label ("б)" missing) and labels alone on their lines
        "Программа включает следующие мероприятия:\n\nа)\n\nмодернизацию котельных;\n\nв)\n\n"
        "замену тепловых сетей;\n\nг)\n\nустановку приборов учета.",
        [
            ("модернизацию котельных", 1, "а", "модернизация"),
            ("замену тепловых сетей", 2, "в", "замена"),
            ("установку приборов учета", 3, "г", "установка"),
        ],
    ),
    (  # an inline list separated by commas
        "На первом этапе будет проведено: инвентаризация имущества, анализ потребностей отрасли, "
        "подготовка нормативной базы.",
        [
            ("инвентаризация имущества", 1, None, "инвентаризация"),
            ("анализ потребностей отрасли", 2, None, "анализ"),
            ("подготовка нормативной базы", 3, None, "подготовка"),
        ],
    ),
    (  # a report list headed by short participles
        "В отчетном году были осуществлены следующие меры: обеспечено функционирование учреждений; "
        "проведен ремонт школ.",
        [
            ("обеспечено функционирование учреждений", 1, None, "обеспечить"),
            ("проведен ремонт школ", 2, None, "провести"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), GENERALISED_LISTS)
def test_extract_stages_lists_without_cue_or_markers(text, expected, morph):
    assert items(run(text, morph)) == expected


NOT_STAGE_LISTS_CUELESS = [
    "Реализация программы позволит:\n\n– повысить уровень газификации;\n\n– снизить потери тепла.",
    "Администрация района постановляет:\n\n1. Утвердить программу развития.\n\n2. Опубликовать постановление.",
    "Для дорог необходимо выполнение работ:\n\nсодержание дороги – комплекс работ по уходу за покрытием;\n\n"
    "ремонт дороги – комплекс работ по восстановлению покрытия.",
    "Приоритетные подотрасли:\n\nмолочное скотоводство;\n\nмясное животноводство;\n\nсвиноводство.",
    "В хозяйствах района:\n\nпроизведено 5095 тонн молока;\n\nреализовано 300 тонн мяса.",
    "В количественном выражении: увеличение выпуска на 40 %; рост инвестиций в 1,5 раза.",
    "Целью программы является: формирование культурного пространства, создание условий для досуга.",
    "В районе реализуются программы:\n\n«Развитие образования»;\n\n«Развитие культуры».",
]


@pytest.mark.parametrize("text", NOT_STAGE_LISTS_CUELESS)
def test_extract_stages_cueless_non_lists(text, morph):
    assert items(run(text, morph)) == []


def test_extract_stages_value_items_are_not_stages(morph):
    text = "В системе образования заняты 262 человека, в том числе: дошкольное образование – 78; общее образование – 172."
    assert items(run(text, morph)) == []
    text = "Этапы программы: I этап – 2015–2017 годы; II этап – 2018–2020 годы."
    assert [s.stage for s in run(text, morph)] == ["I", "II"]


# Round 3: lists that are not stage lists (duties, functions, results, complements),
# and repealed items; perfective "необходимо: провести …" stays a list of measures.
NOT_STAGE_LISTS = [
    "Для содержания газонов необходимо:\n- обеспечивать уход за насаждениями;\n"
    "- проводить наблюдение за состоянием деревьев;\n- поддерживать чистоту на участках.",
    "Администрация поселения осуществляет:\n1) реализацию мероприятий Программы;\n"
    "2) подготовку предложений по изменению Программы;\n3) контроль за выполнением мероприятий.",
    "Реализация мер позволит обеспечить:\nа) развитие экономики района;\nб) повышение привлекательности территории.",
    "Подпрограмма направлена на создание условий для:\n- устойчивого развития территории;\n"
    "- привлечения инвестиций в экономику;\n- улучшения среды жизнедеятельности.",
    "При своевременном финансировании предполагается к 2020 году:\n- снизить количество преступлений;\n"
    "- повысить уровень защищенности объектов;\n- сократить число пожаров.",
]


@pytest.mark.parametrize("text", NOT_STAGE_LISTS)
def test_not_stage_lists(text, morph):
    assert items(run(text, morph)) == []


STAGE_LISTS_R3 = [
    ("Необходимо:\n1) провести инвентаризацию имущества;\n2) организовать взаимодействие с налоговыми органами.",
     [("провести инвентаризацию имущества", 1, "1", "провести"),
      ("организовать взаимодействие с налоговыми органами", 2, "2", "организовать")]),
    ("Задачи программы:\n- создание промышленных площадок;\n"
     "- абзац утратил силу. – Постановление Администрации края от 15.02.2016 N 41;\n- привлечение инвесторов.",
     [("создание промышленных площадок", 1, None, "создание"), ("привлечение инвесторов", 2, None, "привлечение")]),
    ("Приоритетами программы являются:\n- увеличение производства продуктов питания для детей;\n"
     "- создание сферы услуг для детей.",
     [("увеличение производства продуктов питания для детей", 1, None, "увеличение"),
      ("создание сферы услуг для детей", 2, None, "создание")]),
]  # fmt: skip


STAGE_LISTS_R3 += [
    ("Спорт развивается.\nПрограммавключает:\n1) осуществление ремонта объектов спорта;\n"
     "2) совершенствование учебно-тренировочного процесса.",
     [("осуществление ремонта объектов спорта", 1, "1", "осуществление"),
      ("совершенствование учебно-тренировочного процесса", 2, "2", "совершенствование")]),
    ("В рамках подпрограммы реализуется:\n1) обеспечение органов власти инфраструктурой;\n"
     "2) повышение уровня использования технологий.",
     [("обеспечение органов власти инфраструктурой", 1, "1", "обеспечение"),
      ("повышение уровня использования технологий", 2, "2", "повышение")]),
    ("Политика будет направлена на:\nобеспечение сбалансированности бюджета;\nразвитие инструментов заимствований.",
     [("обеспечение сбалансированности бюджета", 1, None, "обеспечение"),
      ("развитие инструментов заимствований", 2, None, "развитие")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), STAGE_LISTS_R3)
def test_stage_lists_round3(text, expected, morph):
    assert items(run(text, morph)) == expected


# Round 3: multi-level numbering ("1.1.", "2.3") and a heading after a plain list.
DECIMAL_LISTS = [
    ("Направление включает в себя следующие мероприятия:\n1.1. Ремонт дорог общего пользования.\n"
     "1.2. Строительство мостов через реку.\n1.3 Содержание тротуаров в поселении.",
     [("Ремонт дорог общего пользования", 1, "1.1", "ремонт"),
      ("Строительство мостов через реку", 2, "1.2", "строительство"),
      ("Содержание тротуаров в поселении", 3, "1.3", "содержание")]),
    ("Основными направлениями являются:\n1. Развитие жилищных отношений\nНаправление включает мероприятия:\n"
     "1.1. Взносы в фонд капитального ремонта.\n1.2. Поддержка ремонта домов.\n"
     "2. Модернизация коммунального хозяйства.\nНаправление включает мероприятия:\n"
     "2.1. Строительство сетей водоснабжения.\n2.2. Ремонт колодцев.",
     [("Развитие жилищных отношений", 1, "1", "развитие"),
      ("Взносы в фонд капитального ремонта", 1, "1.1", None),
      ("Поддержка ремонта домов", 2, "1.2", "поддержка"),
      ("Модернизация коммунального хозяйства", 2, "2", "модернизация"),
      ("Строительство сетей водоснабжения", 1, "2.1", "строительство"),
      ("Ремонт колодцев", 2, "2.2", "ремонт")]),
    ("Основные мероприятия:\n\nФинансовое обеспечение подведомственных учреждений.\n\n"
     "Выполнение мероприятий по повышению оплаты труда.\n\n"
     "Информация об участии юридических лиц в реализации подпрограммы\nУчастие иных лиц не предусмотрено.",
     [("Финансовое обеспечение подведомственных учреждений", 1, None, "обеспечение"),
      ("Выполнение мероприятий по повышению оплаты труда", 2, None, "выполнение")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), DECIMAL_LISTS)
def test_decimal_lists_and_heading_after_plain_list(text, expected, morph):
    assert items(run(text, morph)) == expected
