"""The facts of the RVASE 2023 annual meeting deck, as plain Python data.

Source: the deck of the annual meeting of the Réseau des Villes d'Asie du Sud-Est (Phnom Penh, 18 May 2023),
``seed/000_9ea0bdd00e684a98.txt``. The four columns of the 15 actions, the decisions of the minutes and the
partners' next steps are the deck's French text verbatim: only the OCR garbage was corrected (the Vietnamese
names), markup (bold, underline) removed, and lines the flattened table had run together split again.
Spelling slips of the deck's authors ("compléction", "Nomination officiel", "de de") are kept as written.

Everything else in the portal refers to these rows by the natural keys used here: slugs, ISO codes,
(plan, number), names. ``common.rvase_2023_loader.load_rvase_2023`` writes them to the database.
"""

from __future__ import annotations

import datetime as dt

# --------------------------------------------------------------------------------------------------------------
# members
# --------------------------------------------------------------------------------------------------------------

COUNTRIES: list[dict] = [
    {"code": "KH", "name": "Cambodge", "local_name": "កម្ពុជា", "timezone": "Asia/Phnom_Penh"},
    {"code": "LA", "name": "Laos", "local_name": "ລາວ", "timezone": "Asia/Vientiane"},
    {"code": "VN", "name": "Vietnam", "local_name": "Việt Nam", "timezone": "Asia/Ho_Chi_Minh"},
]

CITY, PROVINCE, ASSOCIATION = "city", "province", "association"  # members.models.Member.Kind values

# Descriptions say only what the deck says about each member.
MEMBERS: list[dict] = [
    {
        "slug": "phnom-penh",
        "name": "Phnom Penh",
        "local_name": "ភ្នំពេញ",
        "kind": CITY,
        "country": "KH",
        "description": (
            "Ville du Cambodge membre de l'AIMF, hôte de la réunion annuelle 2023 du Réseau des Villes d'Asie "
            "du Sud-Est (18 mai 2023, Fairfield Hotel). Projets suivis par le réseau : Phnom Penh Smart City Hub "
            "(2023-2025), projet de gestion des boues de vidange (FSM project) et préparation aux situations "
            "d'urgence (EMR2). Un projet concret pour Phnom Penh a été monté et validé avec l'appui du réseau."
        ),
    },
    {
        "slug": "siem-reap",
        "name": "Siem Reap",
        "local_name": "សៀមរាប",
        "kind": CITY,
        "country": "KH",
        "description": (
            "Ville du Cambodge membre de l'AIMF. Porte un projet de gestion des boues de vidange (FSM project), "
            "dans la thématique « Amélioration de l'assainissement en ville »."
        ),
    },
    {
        "slug": "kampot",
        "name": "Province de Kampot",
        "local_name": "កំពត",
        "kind": PROVINCE,
        "country": "KH",
        "description": (
            "Province du Cambodge membre de l'AIMF, en dialogue avec le réseau depuis la prise de contact avec "
            "les membres et leurs points focaux. S.E. SAEM Nhav, Président du Conseil Provincial, a pris la parole "
            "lors de la réunion annuelle 2023."
        ),
    },
    {
        "slug": "battambang",
        "name": "Province de Battambang",
        "local_name": "បាត់ដំបង",
        "kind": PROVINCE,
        "country": "KH",
        "description": (
            "Province du Cambodge membre de l'AIMF. S.E. CHHAY Matinal, Vice-Gouverneur, a pris la parole lors de "
            "la réunion annuelle 2023."
        ),
    },
    {
        "slug": "asac",
        "name": "Association des Autorités Locales du Cambodge (ASAC)",
        # The deck only gives the acronym; no Khmer name is loaded rather than a guessed one.
        "local_name": "ASAC",
        "kind": ASSOCIATION,
        "country": "KH",
        "description": (
            "Association cambodgienne représentant les administrations et gouvernements locaux, déjà active au "
            "sein du réseau. Elle participera à la mise en œuvre d'un projet sur la préparation aux situations "
            "d'urgence au Cambodge (EMR2), en contribuant à la diffusion des bonnes pratiques auprès de l'ensemble "
            "des collectivités territoriales cambodgiennes."
        ),
    },
    {
        "slug": "vientiane",
        "name": "Vientiane Capitale",
        "local_name": "ວຽງຈັນ",
        "kind": CITY,
        "country": "LA",
        "description": (
            "Vientiane Capitale, membre de l'AIMF au Laos. Porte un projet de gestion des boues de vidange "
            "(FSM project). "
            "Vientiane accueillera en 2024 le Sommet de l'ASEAN, ainsi que le Forum des Maires et Gouverneurs de "
            "l'ASEAN. S.E. BANNAVONG Phoukhong, Vice-Gouverneur, a pris la parole lors de la réunion annuelle 2023."
        ),
    },
    {
        "slug": "luang-prabang",
        "name": "Luang Prabang",
        "local_name": "ຫຼວງພະບາງ",
        "kind": CITY,
        "country": "LA",
        "description": (
            "Ville du Laos membre de l'AIMF. Un projet concret pour Luang Prabang a été monté et validé avec "
            "l'appui du réseau ; projet d'accès à l'eau potable : construction d'un réseau autonome d'eau potable "
            "autour du village de Kokvan. S.E. HATSACHANH Viengthong, Maire – Gouverneur, a pris la parole lors de "
            "la réunion annuelle 2023."
        ),
    },
    {
        "slug": "hue",
        "name": "Hué",
        "local_name": "Huế",
        "kind": CITY,
        "country": "VN",
        "description": (
            "Ville du Vietnam membre de l'AIMF. Porte un projet de gestion des boues de vidange (FSM project). "
            "Les membres du réseau ont exprimé leur soutien à la candidature de Hué pour accueillir la prochaine "
            "Assemblée Générale de l'AIMF. M. Trần Song, Vice-Président du Comité populaire, a pris la parole lors "
            "de la réunion annuelle 2023."
        ),
    },
    {
        "slug": "can-tho",
        "name": "Can Tho",
        "local_name": "Cần Thơ",
        "kind": CITY,
        "country": "VN",
        "description": (
            "Ville du Vietnam membre de l'AIMF. A proposé un projet de montée en compétences des femmes dans "
            "l'administration publique locale, en cours de discussion."
        ),
    },
    {
        "slug": "hai-phong",
        "name": "Hai Phong",
        "local_name": "Hải Phòng",
        "kind": CITY,
        "country": "VN",
        "description": (
            "Ville du Vietnam membre de l'AIMF, en dialogue avec le réseau depuis la prise de contact avec les "
            "villes membres et leurs points focaux."
        ),
    },
    {
        "slug": "yen-bai",
        "name": "Province de Yen Bai",
        "local_name": "Yên Bái",
        "kind": PROVINCE,
        "country": "VN",
        "description": (
            "Province du Vietnam membre de l'AIMF. M. Nguyễn Thế Phước, Vice-Président permanent du Comité "
            "populaire de la Province, a pris la parole lors de la réunion annuelle 2023."
        ),
    },
    {
        "slug": "ho-chi-minh-ville",
        "name": "Hô-Chi-Minh-Ville",
        "local_name": "Thành phố Hồ Chí Minh",
        "kind": CITY,
        "country": "VN",
        "description": (
            "Ville du Vietnam membre de l'AIMF. Mme Nguyễn Thị Thanh Mỹ, Directrice adjointe du Service des "
            "Ressources Naturelles et de l'Environnement, a pris la parole lors de la réunion annuelle 2023."
        ),
    },
]

# Keyed by (full_name, organisation), the database's unique constraint. "key" names the person inside this
# module (programme speakers). Members' officials have is_official=True; AIMF staff belong to no member.
PEOPLE: list[dict] = [
    {
        "key": "ardesi",
        "honorific": "Madame",
        "full_name": "Arianna Ardesi",
        "title": "Conseillère, Adjointe au Secrétaire Permanent pour les programmes de coopération",
        "organisation": "AIMF",
        "member": None,
        "is_official": False,
    },
    {
        "key": "nuon-pharat",
        "honorific": "Son Excellence",
        "full_name": "Nuon Pharat",
        "title": "Vice-Gouverneur de Phnom Penh",
        "organisation": "Phnom Penh",
        "member": "phnom-penh",
        "is_official": True,
    },
    {
        "key": "traub",
        "honorific": "Madame",
        "full_name": "Emilie Traub",
        "title": "Coordinatrice du réseau",
        "organisation": "AIMF",
        "member": None,
        "is_official": False,
    },
    {
        "key": "sui-seret",
        "honorific": "Son Excellence",
        "full_name": "SUI Seret",
        "title": "Vice-Gouverneur de Phnom Penh",
        "organisation": "Phnom Penh",
        "member": "phnom-penh",
        "is_official": True,
    },
    {
        "key": "chhay-matinal",
        "honorific": "Son Excellence",
        "full_name": "CHHAY Matinal",
        "title": "Vice-Gouverneur de la Province de Battambang",
        "organisation": "Province de Battambang",
        "member": "battambang",
        "is_official": True,
    },
    {
        "key": "saem-nhav",
        "honorific": "Son Excellence",
        "full_name": "SAEM Nhav",
        "title": "Président du Conseil Provincial de la Province de Kampot",
        "organisation": "Conseil Provincial de la Province de Kampot",
        "member": "kampot",
        "is_official": True,
    },
    {
        "key": "bannavong-phoukhong",
        "honorific": "Son Excellence",
        "full_name": "BANNAVONG Phoukhong",
        "title": "Vice-Gouverneur de Vientiane Capitale",
        "organisation": "Vientiane Capitale",
        "member": "vientiane",
        "is_official": True,
    },
    {
        "key": "hatsachanh-viengthong",
        "honorific": "Son Excellence",
        "full_name": "HATSACHANH Viengthong",
        "title": "Maire – Gouverneur de la ville de Luang Prabang",
        "organisation": "Ville de Luang Prabang",
        "member": "luang-prabang",
        "is_official": True,
    },
    {
        # The deck's OCR reads "NGUYEN THÉ PHUÓC Phó Chủ tịch Thủ ống trq'c".
        "key": "nguyen-the-phuoc",
        "honorific": "Monsieur",
        "full_name": "Nguyễn Thế Phước",
        "title": ("Phó Chủ tịch Thường trực — Vice-Président permanent du Comité populaire de la Province de Yen Bai"),
        "organisation": "Comité populaire de la Province de Yen Bai",
        "member": "yen-bai",
        "is_official": True,
    },
    {
        "key": "nguyen-thi-thanh-my",
        "honorific": "Madame",
        "full_name": "Nguyễn Thị Thanh Mỹ",
        "title": (
            "Directrice adjointe du Service des Ressources Naturelles et de l'Environnement de Hô-Chi-Minh-Ville"
        ),
        "organisation": "Service des Ressources Naturelles et de l'Environnement de Hô-Chi-Minh-Ville",
        "member": "ho-chi-minh-ville",
        "is_official": True,
    },
    {
        "key": "tran-song",
        "honorific": "Monsieur",
        "full_name": "Trần Song",
        "title": "Vice-Président du Comité populaire de la ville de Hué",
        "organisation": "Comité populaire de la ville de Hué",
        "member": "hue",
        "is_official": True,
    },
    {
        "key": "baillet",
        "honorific": "Monsieur",
        "full_name": "Pierre Baillet",
        "title": "Secrétaire permanent de l'AIMF",
        "organisation": "AIMF",
        "member": None,
        "is_official": False,
    },
]

# --------------------------------------------------------------------------------------------------------------
# action plan: themes, working modalities
# --------------------------------------------------------------------------------------------------------------

MAIN, TRANSVERSAL = "main", "transversal"  # actionplan.models.Theme.Kind values

THEMES: list[dict] = [
    {
        "slug": "gouvernance-urbaine-smart-cities",
        "name": "Gouvernance urbaine et smart cities",
        "kind": MAIN,
        "order": 1,
        "description": (
            "Thématique de travail principale, validée lors de la réunion annuelle 2023. Le thème ville "
            "intelligente est lié au tourisme et au développement économique. Projet identifié : Phnom Penh Smart "
            "City Hub (2023/2025). Plan d'action thématique Smart Cities prévu pour 2024-2025."
        ),
    },
    {
        "slug": "assainissement",
        "name": "Amélioration de l'assainissement en ville",
        "kind": MAIN,
        "order": 2,
        "description": (
            "Thématique de travail principale, validée lors de la réunion annuelle 2023. Projets de gestion des "
            "boues de vidange (FSM) à Phnom Penh, Siem Reap, Vientiane et Hué. Conférence thématique sur la gestion "
            "des boues de vidange (GBV) en mai 2023 ; le premier plan d'action thématique, sur l'assainissement "
            "(GBV, 2023-2025), découle des recommandations du voyage d'étude au Cambodge."
        ),
    },
    {
        "slug": "tourisme-durable",
        "name": "Tourisme intelligent et durable",
        "kind": MAIN,
        "order": 3,
        "description": (
            "Thématique de travail principale, validée lors de la réunion annuelle 2023. Le patrimoine est lié au "
            "développement économique et au tourisme. Pas de projets actuellement identifiés ; plan d'action "
            "thématique Tourisme durable prévu pour 2025."
        ),
    },
    {
        "slug": "egalite-femmes-hommes",
        "name": "Égalité femmes – hommes",
        "kind": TRANSVERSAL,
        "order": 1,
        "description": (
            "Thématique transversale validée lors de la réunion annuelle 2023. Projets : montée en compétences des "
            "femmes dans l'administration publique locale (proposé par la Ville de Can Tho) ; soutien aux "
            "gouvernements locaux du Cambodge pour lutter contre les violences faites aux femmes et aux enfants. "
            "Les membres du RVASE participent à l'initiative sur l'égalité femmes / hommes de l'AIMF."
        ),
    },
    {
        "slug": "climat-resilience",
        "name": "Changement climatique et résilience",
        "kind": TRANSVERSAL,
        "order": 2,
        "description": (
            "Thématique transversale validée lors de la réunion annuelle 2023. Projets : accès à l'eau potable "
            "autour du village de Kokvan (Luang Prabang) ; EMR2, préparation aux situations d'urgence (Phnom Penh, "
            "deux villes cambodgiennes additionnelles sélectionnées par NCDM, et ASAC)."
        ),
    },
    {
        "slug": "jeunesse-universites",
        "name": "Jeunesse et universités",
        "kind": TRANSVERSAL,
        "order": 3,
        "description": (
            "Thématique transversale validée lors de la réunion annuelle 2023 : inclusion de la jeunesse et "
            "coopération universitaire. Projet CALU (Coopération Autorités Locales et Universités), multi-villes "
            "et multi-acteurs, en cours de discussion."
        ),
    },
    {
        "slug": "francophonie",
        "name": "Soutien à la francophonie dans la région Asie du Sud-Est",
        "kind": TRANSVERSAL,
        "order": 4,
        "description": (
            "Thématique transversale ajoutée sur suggestion des membres lors de la réunion annuelle 2023 : soutien "
            "à l'utilisation de la langue française. Projets à déterminer, multi-villes et multi-acteurs."
        ),
    },
]

EXCHANGE, TRAINING, PROJECTS = "exchange", "training", "projects"  # WorkingModality.Category values

WORKING_MODALITIES: list[dict] = [
    {"category": EXCHANGE, "order": 1, "name": "Voyage d'études"},
    {"category": EXCHANGE, "order": 2, "name": "Groupes de travail"},
    {
        "category": EXCHANGE,
        "order": 3,
        "name": "Partage de documents de travail (ex. plateforme de travail de l'AIMF)",
    },
    {"category": EXCHANGE, "order": 4, "name": "Dialogue multi-acteurs"},
    {"category": EXCHANGE, "order": 5, "name": "Coordination avec l'ensemble des réseaux régionaux"},
    {"category": TRAINING, "order": 1, "name": "Echanges de pairs"},
    {"category": TRAINING, "order": 2, "name": "Formation a distance (tutorat)"},
    {"category": TRAINING, "order": 3, "name": "Collaboration avec les universités"},
    {"category": PROJECTS, "order": 1, "name": "Veille possibilités de financements"},
    {"category": PROJECTS, "order": 2, "name": "Soutien au développement de projets locaux et régionaux"},
    {"category": PROJECTS, "order": 3, "name": "Suivi des projets"},
]

# --------------------------------------------------------------------------------------------------------------
# action plan 2023: axes and the 15 actions
# --------------------------------------------------------------------------------------------------------------

PLAN: dict = {
    "year": 2023,
    "title": "Plan d'action 2023",
    "summary": (
        "Plan d'action 2023: 15 actions déclinées autour de trois axes. Première version du plan d'action "
        "préparée pour discussion et compléction lors de la réunion annuelle du Réseau des Villes d'Asie du "
        "Sud-Est de mai 2023 ; partage pour validation à l'ensemble des membres de l'AIMF en Asie du Sud-Est."
    ),
}

# Objectives: the three sentences of the slide "Présentation du Plan d'Action 2023", in the axes' order.
AXES: list[dict] = [
    {
        "number": 1,
        "title": "Animer le dialogue régional entre autorités locales et acteurs du territoire",
        "objective": "Renforcer le dialogue régional entre les autorités locales",
    },
    {
        "number": 2,
        "title": "Soutenir la maîtrise d'oeuvre à l'échelle locale",
        "objective": (
            "Reconnaissance du rôle des autorités locales et l'aboutissement de leurs plaidoyers du national à "
            "l'international + approfondissement des décentralisations"
        ),
    },
    {
        "number": 3,
        "title": "Accompagner la conception, la mise en oeuvre et le financement des projets locaux et régionaux",
        "objective": (
            "Appui aux projets des municipalités autour des thématiques liées au genre, l'environnement, l'accès "
            "aux services essentiels et le numérique"
        ),
    },
]

NOT_STARTED, IN_PROGRESS, DONE, CONTINUOUS = "not_started", "in_progress", "done", "continuous"  # Action.Status

# "members", "themes" and "partners" hold slugs / partner names; they are the complete list (a rerun resets them).
ACTIONS: list[dict] = [
    # ---- Axe 1 -------------------------------------------------------------------------------------------------
    {
        "number": 1,
        "axis": 1,
        "activities": "Prise de contact les villes membres et leurs points focaux ; confirmation des besoins.",
        "current_state": (
            "Cambodge : ASAC, Kampot, Phnom Penh.\nLaos : Luang Prabang, Vientiane.\nVietnam : Hue, Can Tho, Hai Phong."
        ),
        "planned_activities": "Dialogue ouvert en continu.",
        "proposals": (
            "Nomination officiel d'un point focal au sein des autres membres du réseau afin de créer un dialogue "
            "régulier et plus approfondi."
        ),
        # "Dialogue ouvert en continu."
        "status": CONTINUOUS,
        "members": ["asac", "kampot", "phnom-penh", "luang-prabang", "vientiane", "hue", "can-tho", "hai-phong"],
        "themes": [],
        "partners": [],
    },
    {
        "number": 2,
        "axis": 1,
        "activities": (
            "Identification et prise de contact avec les acteurs de soutien à la décentralisation, de la "
            "francophonie et du développement urbain en ASE, en lien avec les thématiques de travail "
            "pré-identifiées."
        ),
        "current_state": (
            "Prise de contact et dialogue avec : Le CGLU-ASPAC, secrétariat de l'AMF; L'AUF au Cambodge, et bureau "
            "région Asie; L'Ambassade de France au Cambodge; Plusieurs partenaires de coopération décentralisé "
            "(Paris Ile de France, Val de Marne, SIAAP); Acteurs universitaires au Cambodge: URBA & URPP."
        ),
        "planned_activities": "AUF Laos\nAFD Cambodge\nAmbassades de France au Cambodge et au Vietnam",
        "proposals": (
            "Continuer à nouer des contacts avec les acteurs de la coopération et l'urbanisme durable en Asie du "
            "Sud-Est."
        ),
        # Contacts made and in dialogue; further contacts planned (AUF Laos, AFD, embassies).
        "status": IN_PROGRESS,
        "members": [],
        "themes": [],
        "partners": [
            "CGLU-ASPAC",
            "AUF au Cambodge et bureau région Asie",
            "Ambassade de France au Cambodge",
            "Paris / Île-de-France",
            "Val-de-Marne",
            "SIAAP",
            "URBA",
            "URPP",
            "AUF Laos",
            "AFD Cambodge",
            "Ambassade de France au Vietnam",
            "ASEAN Smart Cities Network",
            "UN-ESCAP",
        ],
    },
    {
        "number": 3,
        "axis": 1,
        "activities": (
            "Elaboration du Plan d'Action 2023 / 2024 , comprenant une série d'actions concrètes (projets), "
            "d'actions de formation et mise en partage d'expérience (formations et workshops)."
        ),
        "current_state": (
            "Première version du plan d'action préparé, pour discussion et compléction lors de la réunion annuelle "
            "du Réseau des Villes d'Asie du Sud-Est de mai 2023"
        ),
        "planned_activities": "Compléction après la Réunion Annuelle",
        "proposals": "Partage pour validation à l'ensemble des membres de l'AIMF en Asie du Sud-Est",
        # First version prepared; completion and validation by the members still to come.
        "status": IN_PROGRESS,
        "members": [],
        "themes": [],
        "partners": [],
    },
    {
        "number": 4,
        "axis": 1,
        "activities": (
            "Préparation et tenue de la rencontre annuelle du réseau (programme, budget prévisionnel, logistiques, "
            "partenaires, etc.)"
        ),
        "current_state": "Rencontre annuelle du RVASE organisée.",
        "planned_activities": "En cours !",
        "proposals": (
            "Prise de décision d'ici l'AG de l'AIMF sur le lieu de tenue de la réunion annuelle du RVASE en 2024."
        ),
        # "Rencontre annuelle du RVASE organisée." and held on 18 May 2023; the 2024 venue is a new item.
        "status": DONE,
        "members": [],
        "themes": [],
        "partners": [],
    },
    {
        "number": 5,
        "axis": 1,
        "activities": (
            "Participation aux événements de la francophonie et du développement urbain dans la région afin de "
            "porter les voix des villes membres (plaidoyer en faveur des autorités sous-nationales) et nourrir la "
            "stratégie globale de plaidoyer de l'AIMF"
        ),
        "current_state": (
            "Participation à la présentation du CWIS de Phnom Penh, financé par ADB (décembre 2022)\n"
            "Participation à l'Assemblée Générale de la Francophonie au Cambodge (mars 2023)"
        ),
        "planned_activities": "Identifier les événements pertinents et participer lorsque possible.",
        "proposals": "",
        # Ongoing by nature: "Identifier les événements pertinents et participer lorsque possible."
        "status": CONTINUOUS,
        "members": [],
        "themes": [],
        "partners": [],
    },
    {
        "number": 6,
        "axis": 1,
        "activities": "Dialogue multipays",
        "current_state": (
            "Organisation de la conférence thématique sur la gestion des boues de vidange (GBV) (mars à mai 2023)"
        ),
        "planned_activities": "Conférence thématique GBV (mai 2023)",
        "proposals": (
            "Organiser des conférences thématiques annuelles, sur les thématiques sélectionnées par les membres du "
            "RVASE."
        ),
        # The GBV conference was organised (March-May 2023) and opened on 18 May 2023 at 13:50.
        "status": DONE,
        "members": [],
        "themes": ["assainissement"],
        "partners": [],
    },
    {
        "number": 7,
        "axis": 1,
        "activities": "Dialogue national et activités de plaidoyer",
        "current_state": "Réunion annuelle 2023 du Réseau des Villes d'Asie du Sud-Est RVASE - AIMF",
        "planned_activities": (
            "Dialogues nationaux prévus dans le cadre des projets concrets; activités de plaidoyer prévues à la "
            "suite de l'adoption d'un document de plaidoyer par le réseau."
        ),
        "proposals": "",
        # The 2023 annual meeting is held; national dialogues and advocacy are planned.
        "status": IN_PROGRESS,
        "members": [],
        "themes": [],
        "partners": [],
    },
    # ---- Axe 2 -------------------------------------------------------------------------------------------------
    {
        "number": 8,
        "axis": 2,
        "activities": "Diagnostic des besoins en formation, échanges d'expériences et études",
        "current_state": "Ebauché lors des prises de contacts avec les membres",
        "planned_activities": "",
        "proposals": "Conduire un diagnostic approfondi des besoins sur une thématique sélectionnée par les membres",
        # "Ebauché" (sketched) during the first contacts; the in-depth diagnosis is still to do.
        "status": IN_PROGRESS,
        "members": [],
        "themes": [],
        "partners": [],
    },
    {
        "number": 9,
        "axis": 2,
        "activities": (
            "Elaboration d'un programme annuel de formations et workshops budgétisé (intégré dans le plan "
            "d'action 2023/2024)"
        ),
        "current_state": "",
        "planned_activities": "",
        "proposals": "Elaboration d'un premier programme de workshop a la suite de la réunion annuelle",
        # No current state; the first programme is to be drawn up after the annual meeting.
        "status": NOT_STARTED,
        "members": [],
        "themes": [],
        "partners": [],
    },
    {
        "number": 10,
        "axis": 2,
        "activities": "Réalisation des formations en fonction des besoins identifiés",
        "current_state": "",
        "planned_activities": "",
        "proposals": "",
        # All three columns are empty in the deck.
        "status": NOT_STARTED,
        "members": [],
        "themes": [],
        "partners": [],
    },
    {
        "number": 11,
        "axis": 2,
        "activities": "Soutien a la réalisation d'études",
        "current_state": (
            "Développement du projet CALU en vue de permettre la réalisation de petites études territorialisées "
            "dans le cadre du projet"
        ),
        "planned_activities": "Identifier et sécuriser les financements nécessaires au projet",
        "proposals": "",
        # The CALU project is being developed; its funding is still to be secured.
        "status": IN_PROGRESS,
        "members": [],
        "themes": ["jeunesse-universites"],
        "partners": [],
    },
    {
        "number": 12,
        "axis": 2,
        "activities": "Organisation de workshops et d'échanges d'expérience",
        "current_state": (
            "Organisation de la conférence thématique sur la gestion des boues de vidange (GBV) (mars a mai 2023)"
        ),
        "planned_activities": "",
        "proposals": "",
        # A first exchange (the GBV conference) is organised; workshops in general go on.
        "status": IN_PROGRESS,
        "members": [],
        "themes": ["assainissement"],
        "partners": [],
    },
    # ---- Axe 3 -------------------------------------------------------------------------------------------------
    {
        "number": 13,
        "axis": 3,
        "activities": (
            "Assistance Technique en conception et suivi des projets des AL: Accompagner les villes dans "
            "l'identification et la conception des projets ; Accompagner les étapes de de validation du projet "
            "avec le siège ."
        ),
        "current_state": (
            "Montage et validation de deux projets concrets pour Luang Prabang et Phnom Penh. Un projet "
            "multi-villes en cours d'élaboration."
        ),
        "planned_activities": "",
        "proposals": "",
        # Two projects validated, a multi-city project being drawn up.
        "status": IN_PROGRESS,
        "members": ["luang-prabang", "phnom-penh"],
        "themes": [],
        "partners": [],
    },
    {
        "number": 14,
        "axis": 3,
        "activities": (
            "Accompagnement à la mise en œuvre de projets pilotes en maitrise d'ouvrage locale et en lien avec les "
            "acteurs du territoire : Elaboration / faisabilité des projets; Lancement des projets; Stratégie de "
            "recherche de financements; Suivi des projets."
        ),
        "current_state": "Evaluation de la faisabilité de projets et recherches de financement.",
        "planned_activities": "Lancement prochain des deux projets concrets validés au bureau d'avril 2022",
        "proposals": "",
        # Feasibility and funding work under way; launch of the two validated projects is next.
        "status": IN_PROGRESS,
        "members": [],
        "themes": [],
        "partners": [],
    },
    {
        "number": 15,
        "axis": 3,
        "activities": (
            "Soutien à l'élargissement des partenariats financiers et techniques: Mise en relation avec d'autres "
            "bailleurs, création de synergie; Accompagnement- mise en œuvre de projets multi pays sous régionaux "
            "pour le financement d'un projet par des bailleurs de la coopération internationale."
        ),
        "current_state": (
            "Identification et prise de contact avec bailleurs potentiels (AUF, Ambassades de France, ...)"
        ),
        "planned_activities": "Suivi et développement des contacts",
        "proposals": "",
        # Potential donors identified and contacted; follow-up under way.
        "status": IN_PROGRESS,
        "members": [],
        "themes": [],
        "partners": [
            "AUF au Cambodge et bureau région Asie",
            "AUF Laos",
            "Ambassade de France au Cambodge",
            "Ambassade de France au Vietnam",
            "AFD Cambodge",
            "CGLU-ASPAC",
            "Banque Asiatique de Développement",
            "Délégations de l'Union européenne et bureau UE à Bangkok",
        ],
    },
]

# --------------------------------------------------------------------------------------------------------------
# partners (keyed by name). Contact status: action 2's "Prise de contact et dialogue avec" → in dialogue;
# action 2's "Activités prévues" and the "Feuille de route (2/3)" ones → to contact.
# --------------------------------------------------------------------------------------------------------------

NETWORK_KIND, FRANCOPHONIE_KIND, DIPLOMATIC, DONOR, DECENTRALISED, UNIVERSITY, INTERNATIONAL, GOVERNMENT = (
    "network",
    "francophonie",
    "diplomatic",
    "donor",
    "decentralised",
    "university",
    "international",
    "government",
)
TO_CONTACT, CONTACTED, IN_DIALOGUE = "to_contact", "contacted", "in_dialogue"

_CONTINUE = (
    "Continuer à nouer des contacts avec les acteurs de la coopération et l'urbanisme durable en Asie du Sud-Est "
    "(plan d'action 2023, action 2)."
)
_FOLLOW_UP = "Suivi et développement des contacts (plan d'action 2023, action 15)."
_PLANNED = "Prise de contact prévue (plan d'action 2023, action 2, activités prévues)."

PARTNERS: list[dict] = [
    {
        "name": "CGLU-ASPAC",
        "acronym": "CGLU-ASPAC",
        "kind": NETWORK_KIND,
        "contact_status": IN_DIALOGUE,
        "next_step": (
            "Forum des Maires et Gouverneurs de l'ASEAN : Profiter du prochain Sommet à Vientiane pour structurer "
            "la présence de notre réseau des rencontres du réseau des maires. Accord cadre à chercher avec "
            "CGLU-ASPAC."
        ),
    },
    {
        "name": "AUF au Cambodge et bureau région Asie",
        "acronym": "AUF",
        "kind": FRANCOPHONIE_KIND,
        "contact_status": IN_DIALOGUE,
        "next_step": _FOLLOW_UP,
    },
    {
        "name": "AUF Laos",
        "acronym": "AUF",
        "kind": FRANCOPHONIE_KIND,
        "contact_status": TO_CONTACT,
        "next_step": _PLANNED,
    },
    {
        "name": "Ambassade de France au Cambodge",
        "acronym": "",
        "kind": DIPLOMATIC,
        "contact_status": IN_DIALOGUE,
        "next_step": _FOLLOW_UP,
    },
    {
        "name": "Ambassade de France au Vietnam",
        "acronym": "",
        "kind": DIPLOMATIC,
        "contact_status": TO_CONTACT,
        "next_step": _PLANNED,
    },
    {
        "name": "AFD Cambodge",
        "acronym": "AFD",
        "kind": DONOR,
        "contact_status": TO_CONTACT,
        "next_step": _PLANNED,
    },
    {
        "name": "Paris / Île-de-France",
        "acronym": "",
        "kind": DECENTRALISED,
        "contact_status": IN_DIALOGUE,
        "next_step": _CONTINUE,
    },
    {
        "name": "Val-de-Marne",
        "acronym": "",
        "kind": DECENTRALISED,
        "contact_status": IN_DIALOGUE,
        "next_step": _CONTINUE,
    },
    {
        "name": "SIAAP",
        "acronym": "SIAAP",
        "kind": DECENTRALISED,
        "contact_status": IN_DIALOGUE,
        "next_step": _CONTINUE,
    },
    {
        "name": "URBA",
        "acronym": "URBA",
        "kind": UNIVERSITY,
        "contact_status": IN_DIALOGUE,
        "next_step": _CONTINUE,
    },
    {
        "name": "URPP",
        "acronym": "URPP",
        "kind": UNIVERSITY,
        "contact_status": IN_DIALOGUE,
        "next_step": _CONTINUE,
    },
    {
        "name": "Banque Asiatique de Développement",
        "acronym": "ADB",
        "kind": DONOR,
        "contact_status": TO_CONTACT,
        "next_step": (
            "Thématique GBV: amorcer le dialogue avec la Banque Asiatique de Développement du Cambodge, voire le "
            "bureau régional, car affichent un intérêt pour la thématique GBV via le programme CWIS."
        ),
    },
    {
        "name": "ASEAN Smart Cities Network",
        "acronym": "ASCN",
        "kind": NETWORK_KIND,
        "contact_status": TO_CONTACT,
        "next_step": (
            "Via PPCH, se manifester auprès de ce réseau pour connaitre ses activités et évaluer quels contenus et "
            "quelles synergies possibles."
        ),
    },
    {
        "name": "Délégations de l'Union européenne et bureau UE à Bangkok",
        "acronym": "DUE",
        "kind": DIPLOMATIC,
        "contact_status": TO_CONTACT,
        "next_step": (
            "Rencontrer les délégations de l'UE dans les trois pays ainsi que le bureau UE à Bangkok en charge de "
            "l'approche sous-régionale: envoyer des courriers d'introduction, prendre contact et tester les "
            "intérêts thématiques de chaque DUE."
        ),
    },
    {
        "name": "UN-ESCAP",
        "acronym": "UN-ESCAP",
        "kind": INTERNATIONAL,
        "contact_status": TO_CONTACT,
        "next_step": (
            "Bureau régional de la Commission Economique et Sociale Asie Pacifique de l'ONU : travaillent sur la "
            "smart city, avec notamment un soutien au ministère MISTI au Cambodge pour l'élaboration de leur "
            "stratégie 2035. Prendre contact (feuille de route, point 4)."
        ),
    },
    {
        # Selects the two additional Cambodian cities of EMR2: working with the network already.
        "name": "NCDM",
        "acronym": "NCDM",
        "kind": GOVERNMENT,
        "contact_status": IN_DIALOGUE,
        "next_step": (
            "EMR2 (préparation aux situations d'urgence) : sélection de deux villes cambodgiennes additionnelles."
        ),
    },
]

# --------------------------------------------------------------------------------------------------------------
# Feuille de route 2025 and projects
# --------------------------------------------------------------------------------------------------------------

PLANNED, IN_PREPARATION, RM_IN_PROGRESS = "planned", "in_preparation", "in_progress"  # ThematicRoadmap.Status

ROADMAPS: list[dict] = [
    {
        "slug": "plan-action-2023",
        "title": "Plan d'action 2023",
        "theme": None,
        "plan": 2023,
        "start_year": 2023,
        "end_year": 2023,
        # Being carried out; completion after the annual meeting.
        "status": RM_IN_PROGRESS,
        "order": 1,
        "description": "Plan d'action 2023: 15 actions déclinées autour de trois axes.",
        "milestones": [
            {
                "title": (
                    "Première version du plan d'action discutée lors de la réunion annuelle du Réseau des Villes "
                    "d'Asie du Sud-Est"
                ),
                "year": 2023,
                "due_on": dt.date(2023, 5, 18),
                "is_done": True,
            },
            {
                "title": "Chaque ville et province confirme son point focal (d'ici à mi-juin)",
                "year": 2023,
                "due_on": dt.date(2023, 6, 15),
                "is_done": False,
            },
            {
                "title": "Compléction après la Réunion Annuelle et partage pour validation à l'ensemble des membres",
                "year": 2023,
                "due_on": None,
                "is_done": False,
            },
        ],
    },
    {
        "slug": "gbv-2023-2025",
        "title": "Plan d'action thématique GBV (gestion des boues de vidange)",
        "theme": "assainissement",
        "plan": None,
        "start_year": 2023,
        "end_year": 2025,
        # "des plans d'action thématiques sont élaborés et soumis pour validation": being drawn up.
        "status": IN_PREPARATION,
        "order": 2,
        "description": (
            "Le premier Plan d'action sur l'assainissement découlant des recommandations du voyage d'étude au "
            "Cambodge. Plans d'action thématiques élaborés et soumis pour validation par l'ensemble des membres "
            "du RVASE."
        ),
        "milestones": [
            {
                "title": "Conférence thématique sur la gestion des boues de vidange en Asie du Sud-Est",
                "year": 2023,
                "due_on": dt.date(2023, 5, 18),
                "is_done": True,
            },
            {
                "title": "Amorcer le dialogue avec la Banque Asiatique de Développement (programme CWIS)",
                "year": 2023,
                "due_on": None,
                "is_done": False,
            },
            {
                "title": "Plan d'action thématique GBV soumis pour validation à l'ensemble des membres du RVASE",
                "year": 2023,
                "due_on": None,
                "is_done": False,
            },
            {
                "title": "Réunion annuelle 2024 du réseau régional",
                "year": 2024,
                "due_on": None,
                "is_done": False,
            },
        ],
    },
    {
        "slug": "smart-cities-2024-2025",
        "title": "Plan d'action thématique Smart Cities",
        "theme": "gouvernance-urbaine-smart-cities",
        "plan": None,
        "start_year": 2024,
        "end_year": 2025,
        "status": PLANNED,
        "order": 3,
        "description": (
            "Plan d'action thématique à horizon 2025 (Feuille de route 2025). Le thème ville intelligente est lié "
            "au tourisme et au développement économique."
        ),
        "milestones": [
            {
                "title": "Se manifester auprès de l'ASEAN Smart Cities Network, via PPCH",
                "year": 2023,
                "due_on": None,
                "is_done": False,
            },
            {
                "title": "Sommet de l'ASEAN et Forum des Maires et Gouverneurs de l'ASEAN à Vientiane",
                "year": 2024,
                "due_on": None,
                "is_done": False,
            },
            {
                "title": (
                    "Plan d'action thématique Smart Cities soumis pour validation à l'ensemble des membres du RVASE"
                ),
                "year": 2024,
                "due_on": None,
                "is_done": False,
            },
        ],
    },
    {
        "slug": "tourisme-durable-2025",
        "title": "Plan d'action thématique Tourisme durable",
        "theme": "tourisme-durable",
        "plan": None,
        "start_year": 2025,
        "end_year": 2025,
        "status": PLANNED,
        "order": 4,
        "description": (
            "Plan d'action thématique à horizon 2025 (Feuille de route 2025). Le patrimoine est lié au "
            "développement économique et au tourisme ; pas de projets actuellement identifiés."
        ),
        "milestones": [
            {
                "title": (
                    "Plan d'action thématique Tourisme durable soumis pour validation à l'ensemble des membres du RVASE"
                ),
                "year": 2025,
                "due_on": None,
                "is_done": False,
            },
            {
                "title": "Réunion annuelle 2025 du réseau régional",
                "year": 2025,
                "due_on": None,
                "is_done": False,
            },
        ],
    },
]

IDEA, PREPARATION, VALIDATED, PROJECT_IN_PROGRESS = "idea", "preparation", "validated", "in_progress"

# "members" are slugs, "actions" numbers of the 2023 plan's actions the project serves (absent: none).
PROJECTS: list[dict] = [
    {
        "slug": "phnom-penh-smart-city-hub",
        "title": "Phnom Penh Smart City Hub",
        "theme": "gouvernance-urbaine-smart-cities",
        "members": ["phnom-penh"],
        # Actions 13 and 14: the two concrete projects validated for Luang Prabang and Phnom Penh, to be launched.
        "actions": [13, 14],
        "is_multi_member": False,
        "start_year": 2023,
        "end_year": 2025,
        # Listed with its period 2023/2025; action 13: a concrete project for Phnom Penh "montage et validation".
        "status": VALIDATED,
        "funding": "",
        "description": "Projet de la thématique « Gouvernance urbaine et Smart cities » (2023/2025).",
    },
    {
        "slug": "fsm-phnom-penh",
        "title": "Projet de gestion des boues de vidange (FSM) – Phnom Penh",
        "theme": "assainissement",
        "members": ["phnom-penh"],
        "is_multi_member": False,
        "start_year": None,
        "end_year": None,
        # Roadmap (2/3): "les cas d'étude des projets GBV en cours parmi les villes et provinces membres".
        "status": PROJECT_IN_PROGRESS,
        "funding": "",
        "description": "Phnom Penh FSM project (gestion des boues de vidange).",
    },
    {
        "slug": "fsm-siem-reap",
        "title": "Projet de gestion des boues de vidange (FSM) – Siem Reap",
        "theme": "assainissement",
        "members": ["siem-reap"],
        "is_multi_member": False,
        "start_year": None,
        "end_year": None,
        "status": PROJECT_IN_PROGRESS,  # same reason as fsm-phnom-penh
        "funding": "",
        "description": "Siem Reap FSM project (gestion des boues de vidange).",
    },
    {
        "slug": "fsm-vientiane",
        "title": "Projet de gestion des boues de vidange (FSM) – Vientiane",
        "theme": "assainissement",
        "members": ["vientiane"],
        "is_multi_member": False,
        "start_year": None,
        "end_year": None,
        "status": PROJECT_IN_PROGRESS,  # same reason as fsm-phnom-penh
        "funding": "",
        "description": "Vientiane FSM project (gestion des boues de vidange).",
    },
    {
        "slug": "fsm-hue",
        "title": "Projet de gestion des boues de vidange (FSM) – Hué",
        "theme": "assainissement",
        "members": ["hue"],
        "is_multi_member": False,
        "start_year": None,
        "end_year": None,
        "status": PROJECT_IN_PROGRESS,  # same reason as fsm-phnom-penh
        "funding": "",
        "description": "Hué FSM project (gestion des boues de vidange).",
    },
    {
        "slug": "montee-competences-femmes-can-tho",
        "title": "Montée en compétences des femmes dans l'administration publique locale",
        "theme": "egalite-femmes-hommes",
        "members": ["can-tho"],
        "is_multi_member": False,
        "start_year": None,
        "end_year": None,
        # "projet proposé par la Ville de Can Tho, en cours de discussion."
        "status": IDEA,
        "funding": "",
        "description": "Projet proposé par la Ville de Can Tho, en cours de discussion.",
    },
    {
        "slug": "violences-femmes-enfants-cambodge",
        "title": (
            "Soutien aux gouvernements locaux du Cambodge pour lutter contre les violences faites aux femmes et "
            "aux enfants"
        ),
        "theme": "egalite-femmes-hommes",
        "members": [],
        "is_multi_member": False,
        "start_year": None,
        "end_year": None,
        # The deck gives no status; the default "under discussion" is kept.
        "status": IDEA,
        "funding": "",
        "description": (
            "Soutien gouvernements locaux du Cambodge lutter contre les violences faites aux femmes et aux enfants."
        ),
    },
    {
        "slug": "eau-potable-kokvan-luang-prabang",
        "title": "Accès à l'eau potable : réseau autonome d'eau potable autour du village de Kokvan",
        "theme": "climat-resilience",
        "members": ["luang-prabang"],
        # Actions 13 and 14, as phnom-penh-smart-city-hub.
        "actions": [13, 14],
        "is_multi_member": False,
        "start_year": None,
        "end_year": None,
        # Action 13: "Montage et validation de deux projets concrets pour Luang Prabang et Phnom Penh" — this is
        # the only Luang Prabang project in the deck.
        "status": VALIDATED,
        "funding": "",
        "description": (
            "Accès à l'eau potable: construction d'un réseau autonome d'eau potable autour du village de Kokvan, "
            "Luang Prabang."
        ),
    },
    {
        "slug": "emr2-preparation-situations-urgence",
        "title": "EMR2 : préparation aux situations d'urgence",
        "theme": "climat-resilience",
        "members": ["phnom-penh", "asac"],
        "is_multi_member": True,
        "start_year": None,
        "end_year": None,
        # "L'ASAC ... participera notamment à la mise en œuvre d'un projet sur la préparation aux situations
        # d'urgence": not yet under way.
        "status": PREPARATION,
        "funding": "",
        "description": (
            "EMR2: préparation aux situations d'urgence : Phnom Penh, et deux villes cambodgiennes additionnelles "
            "(sélectionnées par NCDM), et ASAC. L'ASAC contribuera à la diffusion des bonnes pratiques auprès de "
            "l'ensemble des collectivités territoriales cambodgiennes."
        ),
    },
    {
        "slug": "calu",
        "title": "Projet CALU (Coopération Autorités Locales et Universités)",
        "theme": "jeunesse-universites",
        "members": [],
        # Action 11: "Développement du projet CALU".
        "actions": [11],
        "is_multi_member": True,
        "start_year": None,
        "end_year": None,
        # "en cours de discussion"
        "status": IDEA,
        "funding": "Financements nécessaires au projet à identifier et sécuriser (action 11).",
        "description": (
            "Projet CALU (Coopération Autorités Locales et Universités): en cours de discussion. Multi-villes et "
            "multi-acteurs. Développement du projet en vue de permettre la réalisation de petites études "
            "territorialisées dans le cadre du projet."
        ),
    },
]

# --------------------------------------------------------------------------------------------------------------
# events. Local wall-clock times; the loader attaches each event's own time zone (zoneinfo).
# --------------------------------------------------------------------------------------------------------------

ANNUAL_MEETING, CONFERENCE, CONGRESS, EXTERNAL = "annual_meeting", "conference", "congress", "external"
SCHEDULED, TO_CONFIRM = "scheduled", "to_confirm"

EVENTS: list[dict] = [
    {
        "slug": "reunion-annuelle-2023",
        "kind": ANNUAL_MEETING,
        "title": "Réunion annuelle 2023 du Réseau des Villes d'Asie du Sud-Est",
        "description": (
            "Réunion annuelle 2023 du Réseau des Villes d'Asie du Sud-Est RVASE - AIMF, dans le cadre du "
            "Partenariat stratégique AIMF – Union Européenne. Thématiques et modalités de travail au sein du "
            "réseau ; table ronde sur les souhaits et attentes des membres du réseau ; Feuille de route 2025."
        ),
        "timezone": "Asia/Phnom_Penh",
        "starts_at": dt.datetime(2023, 5, 18, 8, 0),
        "ends_at": dt.datetime(2023, 5, 18, 12, 0),
        "year": 2023,
        "all_day": False,
        "place": "Fairfield Hotel",
        "city": "Phnom Penh",
        "country": "KH",
        "country_name": "",
        "host_member": "phnom-penh",
        "themes": [],
        "visibility": "public",
        "status": SCHEDULED,
        "parent": None,
    },
    {
        "slug": "conference-gbv-2023",
        "kind": CONFERENCE,
        "title": "Conférence thématique sur la gestion des boues de vidange en Asie du Sud-Est",
        "description": (
            "Inauguration à 13h50, à la suite de la réunion annuelle 2023 du RVASE. Conférence organisée de mars à "
            "mai 2023 (plan d'action 2023, actions 6 et 12)."
        ),
        "timezone": "Asia/Phnom_Penh",
        "starts_at": dt.datetime(2023, 5, 18, 13, 50),
        # The deck gives no end time.
        "ends_at": None,
        "year": 2023,
        "all_day": False,
        "place": "",
        "city": "Phnom Penh",
        "country": "KH",
        "country_name": "",
        "host_member": None,
        "themes": ["assainissement"],
        "visibility": "public",
        "status": SCHEDULED,
        "parent": "reunion-annuelle-2023",
    },
    {
        "slug": "congres-aimf-2023",
        "kind": CONGRESS,
        "title": "Congrès mondial de l'AIMF",
        "description": "Rencontre annuelle du réseau global de l'AIMF.",
        "timezone": "Africa/Porto-Novo",
        "starts_at": dt.datetime(2023, 10, 23, 0, 0),
        "ends_at": dt.datetime(2023, 10, 23, 23, 59),
        "year": 2023,
        "all_day": True,
        "place": "",
        "city": "Cotonou",
        "country": None,
        "country_name": "Bénin",
        "host_member": None,
        "themes": [],
        "visibility": "public",
        "status": SCHEDULED,
        "parent": None,
    },
    {
        "slug": "reunion-annuelle-2024",
        "kind": ANNUAL_MEETING,
        "title": "Réunion annuelle 2024 du réseau régional",
        "description": (
            "Lieu : à déterminer. Les membres peuvent se proposer pour accueillir la réunion annuelle 2024 ; "
            "prise de décision d'ici l'AG de l'AIMF sur le lieu de tenue."
        ),
        "timezone": "Asia/Phnom_Penh",
        "starts_at": None,
        "ends_at": None,
        "year": 2024,
        "all_day": False,
        "place": "",
        "city": "",
        "country": None,
        "country_name": "",
        "host_member": None,
        "themes": [],
        "visibility": "public",
        "status": TO_CONFIRM,
        "parent": None,
    },
    {
        "slug": "sommet-asean-vientiane-2024",
        "kind": EXTERNAL,
        "title": "Sommet de l'ASEAN et Forum des Maires et Gouverneurs de l'ASEAN",
        "description": (
            "La ville de Vientiane accueillera en 2024 le prochain Sommet de l'ASEAN, ainsi que le Forum des Maires "
            "et Gouverneurs de l'ASEAN. Le Gouverneur de Vientiane a exprimé le souhait que l'AIMF puisse soutenir "
            "l'organisation de l'évènement ; les modalités d'une mobilisation du RVASE seront étudiées."
        ),
        "timezone": "Asia/Vientiane",
        "starts_at": None,
        "ends_at": None,
        "year": 2024,
        "all_day": False,
        "place": "",
        "city": "Vientiane",
        "country": "LA",
        "country_name": "",
        "host_member": "vientiane",
        "themes": [],
        "visibility": "public",
        "status": TO_CONFIRM,
        "parent": None,
    },
]

WELCOME, INTRODUCTION, SESSION, ROUND_TABLE, BREAK, CONCLUSION = (
    "welcome",
    "introduction",
    "session",
    "round_table",
    "break",
    "conclusion",
)

# Programme of reunion-annuelle-2023 (8h–12h). The deck gives the order and the 15-minute break, not the times:
# these are an even split in that order.
PROGRAMME_EVENT = "reunion-annuelle-2023"
SESSIONS: list[dict] = [
    {
        "order": 1,
        "starts_at": dt.time(8, 0),
        "ends_at": dt.time(8, 15),
        "title": "Introduction",
        "kind": INTRODUCTION,
        "description": "",
        "speakers": [("ardesi", "")],
    },
    {
        "order": 2,
        "starts_at": dt.time(8, 15),
        "ends_at": dt.time(8, 30),
        "title": "Mots de bienvenue",
        "kind": WELCOME,
        "description": "",
        "speakers": [("nuon-pharat", "")],
    },
    {
        "order": 3,
        "starts_at": dt.time(8, 30),
        "ends_at": dt.time(9, 45),
        "title": "Session 1: Thématiques et modalités de travail au sein du réseau",
        "kind": SESSION,
        "description": (
            "Présentation succincte du Partenariat Stratégique AIMF – Union Européenne ; thématiques de travail "
            "principales et transversales ; modalités de travail ; présentation du Plan d'Action 2023 ; rencontres "
            "annuelles du réseau global et régional."
        ),
        "speakers": [("traub", "Coordinatrice du réseau")],
    },
    {
        "order": 4,
        "starts_at": dt.time(9, 45),
        "ends_at": dt.time(10, 0),
        "title": "Pause",
        "kind": BREAK,
        "description": "15 minutes",
        "speakers": [],
    },
    {
        "order": 5,
        "starts_at": dt.time(10, 0),
        "ends_at": dt.time(11, 30),
        "title": "Session 2: Table ronde: souhaits et attentes des membres du réseau",
        "kind": ROUND_TABLE,
        "description": (
            "Objectifs de la session d'échanges : Feuille de route 2025. Prise de parole des membres du RVASE."
        ),
        "speakers": [
            ("sui-seret", ""),
            ("chhay-matinal", ""),
            ("saem-nhav", ""),
            ("bannavong-phoukhong", ""),
            ("hatsachanh-viengthong", ""),
            ("nguyen-the-phuoc", ""),
            ("nguyen-thi-thanh-my", ""),
            ("tran-song", ""),
        ],
    },
    {
        "order": 6,
        "starts_at": dt.time(11, 30),
        "ends_at": dt.time(12, 0),
        "title": "Conclusions",
        "kind": CONCLUSION,
        "description": "Suggestions et recommandations retenues.",
        "speakers": [],
    },
]

# --------------------------------------------------------------------------------------------------------------
# minutes of reunion-annuelle-2023
# --------------------------------------------------------------------------------------------------------------

MINUTES: dict = {
    "event": "reunion-annuelle-2023",
    "status": "approved",
    "circulated_on": dt.date(2023, 5, 31),
    "approved_on": None,  # the deck gives no approval date
    "summary": (
        "Conclusions : suggestions et recommandations retenues lors de la réunion annuelle 2023 du Réseau des "
        "Villes d'Asie du Sud-Est (Phnom Penh, 18 mai 2023). Transmises pour validation dans l'annexe du courrier "
        "du Secrétaire Permanent de l'AIMF à l'ensemble des membres le 31 mai 2023."
    ),
}

NETWORK, ROADMAP = "network", "roadmap"
DECISION, RECOMMENDATION = "decision", "recommendation"

# The deck labels the whole block "Suggestions et recommandations retenues" without telling items apart, so
# every item is a decision. "actions" are action numbers of the 2023 plan.
DECISIONS: list[dict] = [
    # ---- Fonctionnement du réseau (1/2) -----------------------------------------------------------------------
    {
        "section": NETWORK,
        "number": 1,
        "kind": DECISION,
        "title": "Un réseau informel",
        "text": (
            "Le Réseau fonctionne de manière informelle, sans présidence ou rôles particuliers. Les membres de "
            "l'AIMF sont automatiquement membre du réseau régional d'Asie du Sud-Est (RVASE). Lorsque cela est "
            "possible, les activités organisées sont ouvertes plus largement et des villes et/ou provinces "
            "non-membres sont invitées à participer."
        ),
        "actions": [],
    },
    {
        "section": NETWORK,
        "number": 2,
        "kind": DECISION,
        "title": "Candidats à l'adhésion à l'AIMF",
        "text": (
            "Les gouvernements locaux et associations qui souhaitent rejoindre l'AIMF sont également invitées à "
            "participer et des discussions se tiennent pour les intégrer."
        ),
        "actions": [],
    },
    {
        "section": NETWORK,
        "number": 3,
        "kind": DECISION,
        "title": "Élargissement du réseau et associations de gouvernements locaux",
        "text": (
            "Il est exprimé le souhait que plus de villes rejoignent le réseau, notamment au Laos. L'importance "
            "d'intégrer à notre travail les associations représentant les administrations et gouvernements locaux "
            "est également souligné. L'ASAC, au Cambodge, est déjà active et participera notamment à la mise en "
            "œuvre d'un projet sur la préparation aux situations d'urgence au Cambodge en contribuant à la "
            "diffusion des bonnes pratiques auprès de l'ensemble des collectivités territoriales cambodgiennes."
        ),
        "actions": [],
    },
    {
        "section": NETWORK,
        "number": 4,
        "kind": DECISION,
        "title": "Cotisations à jour",
        "text": (
            "Afin d'être intégrés dans les activités, les membres doivent être à jour dans le paiement de leurs "
            "cotisations à l'AIMF."
        ),
        "actions": [],
    },
    {
        "section": NETWORK,
        "number": 5,
        "kind": DECISION,
        "title": "Accueil des prochains évènements",
        "text": (
            "Les membres peuvent se proposer pour accueillir les prochains évènements : réunion annuelle 2024 et 2025."
        ),
        "actions": [4],
    },
    # ---- Fonctionnement du réseau (2/2) -----------------------------------------------------------------------
    {
        "section": NETWORK,
        "number": 6,
        "kind": DECISION,
        "title": "Candidature de Hué à l'Assemblée Générale de l'AIMF",
        "text": (
            "Les membres ont exprimé leur soutien à la candidature de Hué pour accueillir la prochaine Assemblée "
            "Générale de l'AIMF auprès du vice-président du comité populaire de la ville, présent à la réunion. Si "
            "cette candidature est retenue, une activité spécifique pourra être organisée à cette occasion à "
            "destination des membres du réseau régional."
        ),
        "actions": [],
    },
    {
        "section": NETWORK,
        "number": 7,
        "kind": DECISION,
        "title": "Sommet de l'ASEAN à Vientiane en 2024",
        "text": (
            "La ville de Vientiane accueillera en 2024 le prochain Sommet de l'ASEAN, ainsi que le Forum des Maires "
            "et Gouverneurs de l'ASEAN. Le Gouverneur de Vientiane, lors d'une rencontre avec M. Pierre Baillet, "
            "secrétaire permanent de l'AIMF, le 16 mai 2023, a exprimé le souhait que l'AIMF puisse soutenir "
            "l'organisation de l'évènement. Les modalités d'une mobilisation du RVASE seront étudiées."
        ),
        "actions": [5],
    },
    # ---- Feuille de route -------------------------------------------------------------------------------------
    {
        "section": ROADMAP,
        "number": 1,
        "kind": DECISION,
        "title": "Thèmes de travail validés",
        "text": (
            "Les thèmes proposés font consensus et sont validés.\n"
            "- Les thèmes proposés et validés sont les suivants : gouvernance urbaine et smart cities, amélioration "
            "de l'assainissement en ville, tourisme intelligent et durable. Les thématiques transversales proposées "
            "et également validées sont : l'égalité femmes – hommes, le changement climatique et la résilience, "
            "l'inclusion de la jeunesse et la coopération universitaire.\n"
            "- Il est souligné que le thème ville intelligente est lié au tourisme et au développement économique, "
            "et que le patrimoine est également lié au développement économique et au tourisme.\n"
            "- La suggestion d'ajouter le soutien à l'utilisation de la langue française est intégrée aux "
            "thématiques transversales."
        ),
        "actions": [3],
    },
    {
        "section": ROADMAP,
        "number": 2,
        "kind": DECISION,
        "title": "Démarche thématique et plans d'action thématiques",
        "text": (
            "La démarche thématique pour structurer le travail du réseau sur les trois prochaines années est "
            "validée : des plans d'action thématiques sont élaborés et soumis pour validation par l'ensemble des "
            "membres du RVASE. Le premier Plan d'action sur l'assainissement découlant des recommandations du "
            "voyage d'étude au Cambodge."
        ),
        "actions": [3],
    },
    {
        "section": ROADMAP,
        "number": 3,
        "kind": DECISION,
        "title": "Confirmation des points focaux",
        "text": (
            "D'ici à mi-juin chaque ville et province confirme son point focal qui devra faire le relais des "
            "informations qui se passent dans la ville / province et aide à identifier les bonnes personnes pour "
            "échanger avec les autres villes et provinces sur les sujets retenus."
        ),
        "actions": [1],
    },
    {
        "section": ROADMAP,
        "number": 4,
        "kind": DECISION,
        "title": "Partenariats et synergies à l'échelle régionale",
        "text": (
            "Développement de partenariats et synergies à l'échelle régionale :\n"
            "- Forum des Maires et Gouverneurs de l'ASEAN : Profiter du prochain Sommet à Vientiane pour structurer "
            "la présence de notre réseau des rencontres du réseau des maires. Accord cadre à chercher avec "
            "CGLU-ASPAC.\n"
            "- Thématique GBV: amorcer le dialogue avec la Banque Asiatique de Développement du Cambodge, voire le "
            "bureau régional, car affichent un intérêt pour la thématique GBV via le programme CWIS. Présenter les "
            "activités du réseau et sensibiliser à cette thématiques les autres villes et provinces de la région "
            "via les recommandations formulées lors de la conférence GBV ainsi qu'avec les cas d'étude des projets "
            "GBV en cours parmi les villes et provinces membres de l'AIMF.\n"
            "- ASEAN Smart Cities Network: via PPCH, se manifester auprès de ce réseau pour connaitre ses activités "
            "et évaluer quels contenus et quelles synergies possibles.\n"
            "- Rencontrer les délégations de l'UE dans les trois pays ainsi que le bureau UE à Bangkok en charge de "
            "l'approche sous-régionale: envoyer des courriers d'introduction, prendre contact et tester les "
            "intérêts thématiques de chaque DUE.\n"
            "- UN – ESCAP (bureau régional de la Commission Economique et Sociale Asie Pacifique de l'ONU): "
            "travaillent sur la smart city, avec notamment un soutien au ministère MISTI au Cambodge pour "
            "l'élaboration de leur stratégie 2035.\n"
            "⇒ L'identité du réseau est confirmée à travers un document constitutif (présentation du réseau, "
            "inscription dans le cadre général du réseau AIMF, valeurs portées) soumis auprès des membres RVASE "
            "afin de créer de la visibilité auprès des acteurs démarchés."
        ),
        "actions": [2, 15],
    },
    {
        "section": ROADMAP,
        "number": 5,
        "kind": DECISION,
        "title": "Veille mensuelle, calendrier partagé et plateforme d'échange",
        "text": (
            "Pour identifier les événements pertinents où le réseau pourrait être présent et échanger "
            "régulièrement : mettre en place une veille entre le RVASE et les points focaux une fois par mois : "
            "événements et nouvelles. Mise en place d'un calendrier partagé (plateforme AIMF ou Google Cal). "
            "Utiliser la plateforme d'échange de l'AIMF pour partager et archiver les documents pertinents."
        ),
        "actions": [5],
    },
    {
        "section": ROADMAP,
        "number": 6,
        "kind": DECISION,
        "title": "Initiative de l'AIMF sur l'égalité femmes / hommes",
        "text": (
            "Participation active des membres du RVASE à l'initiative sur l'égalité femmes / hommes de l'AIMF au "
            "niveau du réseau mondial: Emilie repartage et suit le remplissage du questionnaire."
        ),
        "actions": [],
    },
]
