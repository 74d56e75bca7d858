"""The demo knowledge base: six original articles, written for Relieve from established facts.

Plain data (title, summary, topics, StreamField body) so `demo.articles` can load it and tests can
check it. Sources are public guidance from health bodies and systematic reviews; the wording is ours.
"""

# --- Small builders for StreamField values --------------------------------------------------


def heading(text: str, level: str = "h2") -> tuple:
    return ("heading", {"text": text, "level": level, "anchor": ""})


def para(*paragraphs: str) -> tuple:
    return ("paragraph", "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs))


def red_flags(symptoms: list[str], urgency: str = "emergency", advice: str = "", title: str = "When to see a doctor"):
    return ("red_flags", {"heading": title, "urgency": urgency, "symptoms": symptoms, "advice": advice})


def key_points(*points: str) -> tuple:
    return ("key_points", {"heading": "Key points", "points": list(points)})


def faq(*pairs: tuple[str, str]) -> tuple:
    return (
        "faq",
        {
            "heading": "Common questions",
            "questions": [{"question": q, "answer": a if a.startswith("<") else f"<p>{a}</p>"} for q, a in pairs],
        },
    )


def ref(title: str, publisher: str, url: str = "", year: int | None = None, doi: str = "") -> dict:
    return {"title": title, "publisher": publisher, "year": year, "url": url, "doi": doi}


def references(*refs: dict) -> tuple:
    return ("references", {"heading": "Sources", "references": list(refs)})


# --- Sources used across articles -----------------------------------------------------------

NHS_SCIATICA = ref("Sciatica", "NHS", "https://www.nhs.uk/conditions/sciatica/")
NICE_NG59 = ref(
    "Low back pain and sciatica in over 16s: assessment and management (NG59)",
    "National Institute for Health and Care Excellence (NICE)",
    "https://www.nice.org.uk/guidance/ng59",
    2016,
)
NICE_CKS = ref(
    "Sciatica (lumbar radiculopathy): clinical knowledge summary",
    "National Institute for Health and Care Excellence (NICE)",
    "https://cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy/",
)
MEDLINEPLUS_SCIATICA = ref(
    "Sciatica", "MedlinePlus, US National Library of Medicine", "https://medlineplus.gov/ency/article/000686.htm"
)
NHS_CAUDA_EQUINA = ref("Cauda equina syndrome", "NHS", "https://www.nhs.uk/conditions/cauda-equina-syndrome/")
NHS_SLIPPED_DISC = ref("Slipped disc", "NHS", "https://www.nhs.uk/conditions/slipped-disc/")
NHS_SPINAL_STENOSIS = ref("Spinal stenosis", "NHS", "https://www.nhs.uk/conditions/spinal-stenosis/")
NHS_PREGNANCY_BACK_PAIN = ref(
    "Back pain in pregnancy", "NHS", "https://www.nhs.uk/pregnancy/related-conditions/common-symptoms/back-pain/"
)
COCHRANE_MASSAGE = ref(
    "Massage for low-back pain (Cochrane systematic review)",
    "Cochrane Database of Systematic Reviews",
    "",
    2015,
    "10.1002/14651858.CD001929.pub3",
)
NCCIH_MASSAGE = ref(
    "Massage therapy: what you need to know",
    "National Center for Complementary and Integrative Health (NCCIH)",
    "https://www.nccih.nih.gov/health/massage-therapy-what-you-need-to-know",
)
CMTO = ref("College of Massage Therapists of Ontario: public register", "CMTO", "https://www.cmto.com/")
FSMTB = ref("Federation of State Massage Therapy Boards", "FSMTB", "https://www.fsmtb.org/")
CNHC = ref("Complementary and Natural Healthcare Council: find a practitioner", "CNHC", "https://www.cnhc.org.uk/")

CAUDA_EQUINA_SIGNS = [
    "Numbness or tingling around your genitals, bottom or inner thighs (the area a saddle would touch)",
    "New difficulty passing urine, or not being able to tell when your bladder is full",
    "Losing control of your bladder or bowels",
    "New problems getting an erection or ejaculating, or loss of feeling during sex",
    "Sciatica in both legs at once, or weakness in your legs that is getting worse",
]
CAUDA_EQUINA_ADVICE = (
    "<p>These can be signs of <b>cauda equina syndrome</b>, where the nerves at the bottom of the spinal canal "
    "are squeezed. It needs an operation within hours to avoid permanent damage. Call your local emergency number "
    "(999 in the UK, 911 in North America) or go straight to an emergency department. Do not wait for a "
    "massage appointment or a routine GP visit.</p>"
)

# --- The articles ---------------------------------------------------------------------------
# days_since_review staggers the review dates, so the "due for review" report has something to show.

ARTICLES = [
    {
        "slug": "what-is-sciatica",
        "title": "What is sciatica?",
        "summary": (
            "Sciatica is pain, tingling or numbness that runs from the lower back or buttock down one leg, "
            "because a nerve root feeding the sciatic nerve is irritated. Here is how the nerve is built and "
            "why it hurts where it does."
        ),
        "conditions": ["sciatica"],
        "techniques": [],
        "days_since_review": 40,
        "body": [
            para(
                "Sciatica is not a diagnosis in itself. It is a description: pain that follows the path of the "
                "sciatic nerve, usually in one leg, often with tingling, pins and needles or numbness. Doctors "
                "often call it <i>lumbar radiculopathy</i>, which means a problem with a nerve root in the lower "
                "back."
            ),
            heading("The sciatic nerve, from spine to foot"),
            para(
                "The sciatic nerve is the thickest and longest nerve in the body. It is built from five nerve "
                "roots that leave the lower spine: the fourth and fifth lumbar roots (L4 and L5) and the first "
                "three sacral roots (S1, S2 and S3). These roots join in the pelvis and leave it through an "
                "opening called the greater sciatic notch, usually passing just beneath the piriformis muscle "
                "deep in the buttock.",
                "From there the nerve runs behind the hip joint and down the back of the thigh. Somewhere above "
                "the back of the knee it divides into two branches: the <b>tibial nerve</b>, which continues down "
                "the back of the calf to the sole of the foot, and the <b>common peroneal (fibular) nerve</b>, "
                "which wraps around the outside of the knee to supply the front and outer side of the lower leg "
                "and the top of the foot.",
            ),
            heading("Why the pain travels down the leg"),
            para(
                "When one of the roots is pressed on or inflamed, the brain reads the signal as coming from the "
                "area that root normally serves. That is why a problem in the lower back can be felt in the calf "
                "or foot, and why the back itself sometimes hurts less than the leg.",
                "The pattern can hint at which root is involved. An irritated L5 root tends to send symptoms to "
                "the outer calf and the top of the foot towards the big toe; an S1 root more often affects the "
                "back of the calf, the heel and the outer edge of the foot. Only a clinician examining you can "
                "tell for sure.",
            ),
            heading("What it feels like"),
            para(
                "<ul><li>A sharp, burning or shooting pain from the buttock down the back or side of the leg, "
                "often below the knee</li><li>Pins and needles, numbness or a feeling of weakness in the leg or "
                "foot</li><li>Pain that is worse when you sit for long, cough, sneeze or strain</li>"
                "<li>Usually one side only</li></ul>"
            ),
            heading("How long it lasts"),
            para(
                "For most people sciatica settles by itself within about four to six weeks, although it can take "
                "longer. Staying as active as you can, with pain relief if you need it, generally helps more than "
                "resting in bed."
            ),
            red_flags(CAUDA_EQUINA_SIGNS, "emergency", CAUDA_EQUINA_ADVICE),
            key_points(
                "Sciatica describes pain along the sciatic nerve, usually from an irritated nerve root "
                "in the lower back.",
                "The nerve is formed from the L4 to S3 roots, runs behind the hip and down the back of the thigh, "
                "and splits into the tibial and common peroneal nerves.",
                "Most episodes improve within weeks; staying active helps.",
                "Numbness around the genitals or bottom, or bladder or bowel changes, need emergency care.",
            ),
            faq(
                (
                    "Is sciatica the same as back pain?",
                    "No. Back pain stays mainly in the back. Sciatica is pain that travels down the leg because "
                    "a nerve root is involved, and the leg often hurts more than the back.",
                ),
                (
                    "Can both legs be affected?",
                    "Sciatica usually affects one leg. Symptoms in both legs at once are less common and should "
                    "be checked by a doctor promptly, because they can signal pressure on several nerve roots.",
                ),
                (
                    "Do I need a scan?",
                    "Usually not at first. Scans are generally kept for people with warning signs, or whose "
                    "symptoms are not improving and who are considering treatments such as injections or surgery.",
                ),
            ),
            references(NHS_SCIATICA, NICE_CKS, MEDLINEPLUS_SCIATICA, NICE_NG59),
        ],
    },
    {
        "slug": "what-causes-sciatica",
        "title": "What causes sciatica?",
        "summary": (
            "A bulging or herniated disc is the most common cause of sciatica. Narrowing of the spinal canal, "
            "pregnancy and, in some people, the piriformis muscle can also be involved; rarely, a tumour, "
            "infection or injury is to blame."
        ),
        "conditions": [
            "sciatica",
            "lumbar-disc-herniation",
            "spinal-stenosis",
            "piriformis-syndrome",
            "pregnancy-related-back-pain",
        ],
        "techniques": [],
        "days_since_review": 120,
        "body": [
            para(
                "Anything that presses on, stretches or inflames one of the nerve roots that form the sciatic "
                "nerve can cause sciatica. In most people the cause is found in the lower spine, and it usually "
                "gets better without surgery."
            ),
            heading("A herniated (slipped) disc"),
            para(
                "Between the bones of the spine sit discs with a tough outer ring and a softer centre. With age "
                "and strain the ring can weaken, letting part of the centre bulge or break through. If that "
                "material presses on a nerve root, and releases chemicals that inflame it, sciatica follows. "
                "This is by far the most common cause, especially between the ages of about 30 and 50. The body "
                "often reabsorbs the bulge over weeks to months."
            ),
            heading("Spinal stenosis"),
            para(
                "Spinal stenosis means the spaces the nerves run through have narrowed, often because of "
                "age-related thickening of ligaments, joint changes and disc wear. It tends to affect people over "
                "60. A typical story is leg pain, heaviness or numbness that builds up while walking or standing "
                "and eases when sitting or leaning forward, for example over a shopping trolley."
            ),
            heading("Spondylolisthesis"),
            para(
                "Sometimes one vertebra slips forward over the one below, narrowing the space for a nerve root. "
                "It can follow a stress fracture in younger, sporty people or develop with wear in later life."
            ),
            heading("Piriformis syndrome"),
            para(
                "The piriformis muscle runs from the base of the spine to the top of the thigh bone, right beside "
                "the sciatic nerve. In some people a tight or irritated piriformis is thought to compress the "
                "nerve in the buttock, causing buttock pain that can spread down the leg, often worse with long "
                "sitting. Specialists still debate how common it is, and it is usually diagnosed only after spinal "
                "causes have been considered."
            ),
            heading("Pregnancy"),
            para(
                "Back and pelvic pain are very common in pregnancy, as hormones loosen ligaments and posture "
                "changes. True sciatica from a disc is less common than people think; much of the leg pain in "
                "pregnancy comes from the pelvic joints. Either way, it deserves a check with your midwife or "
                "doctor, and any massage should be with a therapist trained in prenatal care."
            ),
            heading("Rarer causes"),
            para(
                "A small number of cases come from something that needs prompt medical attention: a tumour in or "
                "near the spine, an infection such as a spinal abscess, bleeding, or an injury such as a fracture "
                "after a fall or crash. These are why doctors ask about fever, weight loss, past cancer and recent "
                "trauma."
            ),
            heading("What raises the risk"),
            para(
                "<ul><li>Age, because discs and joints change over time</li><li>Jobs that involve heavy lifting, "
                "twisting or long periods of driving</li><li>Smoking, which is linked to disc degeneration</li>"
                "<li>Being inactive for long periods</li></ul>"
            ),
            red_flags(
                [
                    "A high temperature with back pain, or feeling generally unwell",
                    "Unexplained weight loss, or a past history of cancer",
                    "Sciatica that started after a fall, car accident or other injury",
                    "Pain that is constant and severe, including at night, and not eased by changing position",
                    "Back pain with a weakened immune system, or after injecting drugs",
                ],
                "urgent",
                "<p>These can point to a rarer cause such as an infection, a fracture or a tumour. See a doctor "
                "the same day. If you also have numbness around your genitals or bottom, or bladder or bowel "
                "changes, treat it as an emergency.</p>",
            ),
            key_points(
                "Most sciatica comes from a herniated disc pressing on a nerve root, and most of it settles.",
                "Spinal stenosis typically causes leg symptoms on walking that ease on sitting or bending forward.",
                "Piriformis syndrome is possible but debated; spinal causes are considered first.",
                "Fever, weight loss, a history of cancer or recent trauma need a doctor the same day.",
            ),
            faq(
                (
                    "Can lifting something heavy cause sciatica?",
                    "It can be the moment symptoms start, but usually the disc was already weakened. Lifting with "
                    "a twist is a common trigger.",
                ),
                (
                    "Does a bulging disc on a scan mean it is the cause?",
                    "Not necessarily. Disc bulges are common in people with no pain at all, so a scan result has "
                    "to be matched with your symptoms and examination.",
                ),
            ),
            references(NHS_SCIATICA, NHS_SLIPPED_DISC, NHS_SPINAL_STENOSIS, NHS_PREGNANCY_BACK_PAIN, NICE_CKS),
        ],
    },
    {
        "slug": "sciatica-when-to-see-a-doctor",
        "title": "Sciatica: when to see a doctor urgently",
        "summary": (
            "Most sciatica can be managed at home, but a few symptoms mean the nerves at the base of the spine "
            "are in danger. Learn the warning signs of cauda equina syndrome and other red flags."
        ),
        "conditions": ["sciatica", "low-back-pain"],
        "techniques": [],
        "days_since_review": 356,
        "body": [
            para(
                "Sciatica is painful and can be frightening, but it is rarely dangerous. This page is about the "
                "exceptions: the symptoms that mean you should stop waiting and get medical help, sometimes "
                "within hours."
            ),
            red_flags(
                CAUDA_EQUINA_SIGNS, "emergency", CAUDA_EQUINA_ADVICE, title="Go to an emergency department now if"
            ),
            heading("What cauda equina syndrome is"),
            para(
                "Below the level of the waist, the spinal cord ends and the nerve roots continue down the spinal "
                "canal as a bundle that looks like a horse's tail, which is what <i>cauda equina</i> means in "
                "Latin. These roots control the bladder, bowel and sexual function and carry feeling from the "
                "saddle area. A large disc herniation, or less often a tumour, infection or bleed, can squeeze "
                "the whole bundle at once.",
                "It is uncommon, but the damage can become permanent within hours to days, so surgeons treat it "
                "as an emergency. Some hospitals give people with severe sciatica a card listing the warning "
                "signs; keep one with you if you are offered it.",
            ),
            heading("See a doctor the same day if"),
            para(
                "<ul><li>you have a fever as well as back or leg pain</li><li>the pain started after a significant "
                "fall or accident</li><li>you have had cancer, or you are losing weight without trying</li>"
                "<li>your foot is weak or floppy, for example it slaps down when you walk or you cannot stand on "
                "your toes or heels</li><li>the pain is severe, constant and getting worse despite pain "
                "relief</li></ul>"
            ),
            heading("Book a routine appointment if"),
            para(
                "<ul><li>the pain has not started to improve after a few weeks</li><li>it stops you sleeping or "
                "working</li><li>you are not sure what is causing it</li></ul>",
                "A GP or physiotherapist can examine you, suggest exercises and pain relief, and refer you on if "
                "needed.",
            ),
            heading("Massage and red flags"),
            para(
                "A registered massage therapist should ask about these symptoms before treating you, and should "
                "stop and send you to a doctor if any are present. Massage is not a treatment for any of them."
            ),
            key_points(
                "Saddle numbness, bladder, bowel or sexual changes, or sciatica in both legs: emergency care now.",
                "Fever, recent trauma, cancer history, weight loss or a weak foot: see a doctor the same day.",
                "Otherwise, see a GP or physiotherapist if pain is not improving after a few weeks.",
            ),
            faq(
                (
                    "How fast does cauda equina syndrome need treatment?",
                    "As soon as possible. Surgery to relieve the pressure is usually done within hours of the "
                    "diagnosis being confirmed by an MRI scan.",
                ),
                (
                    "Should I go to A&E if my sciatica is just very painful?",
                    "Severe pain alone, without the warning signs above, can usually be managed by your GP, a "
                    "pharmacist or an urgent care service. Use emergency services for the red flags.",
                ),
            ),
            references(NHS_CAUDA_EQUINA, NHS_SCIATICA, NICE_NG59, NICE_CKS),
        ],
    },
    {
        "slug": "can-massage-help-sciatica",
        "title": "Can massage help sciatica? What the evidence says",
        "summary": (
            "Massage may ease pain and muscle tension for a while, and many people find it helps them move more "
            "comfortably. The research is limited, so massage works best alongside exercise and advice, not "
            "instead of them."
        ),
        "conditions": ["sciatica", "low-back-pain", "piriformis-syndrome"],
        "techniques": ["deep-tissue-massage", "myofascial-release", "trigger-point-therapy", "swedish-massage"],
        "days_since_review": 80,
        "body": [
            para(
                "People with sciatica often ask whether massage can fix it. The honest answer is that massage "
                "cannot move a disc or widen a narrowed canal, but it can be a useful part of feeling and "
                "moving better while the nerve settles."
            ),
            heading("What massage may do"),
            para(
                "<ul><li>Ease tight, guarded muscles in the back, buttocks and legs that tense up around a painful "
                "nerve</li><li>Reduce pain for a period after the session, which can make it easier to stay "
                "active and do your exercises</li><li>Help you relax and sleep, and lower the stress that often "
                "comes with long-lasting pain</li></ul>"
            ),
            heading("What the research shows"),
            para(
                "Most studies look at low back pain in general rather than sciatica specifically. A Cochrane "
                "systematic review of massage for low back pain found that massage may improve pain and function "
                "in the short term compared with no treatment or some inactive treatments, but the quality of "
                "the evidence was low, and there was little sign of lasting benefit months later.",
                "In the UK, NICE advises considering manual therapy, which includes soft tissue techniques such "
                "as massage, for low back pain with or without sciatica, but only as part of a package of care "
                "that includes exercise, and possibly psychological support. It does not recommend massage on its "
                "own.",
                "For sciatica itself, there are few good-quality trials. That does not mean massage does not "
                "help; it means we cannot promise how much, or for whom.",
            ),
            heading("Techniques you may come across"),
            para(
                "<ul><li><b>Swedish massage</b>: long, gliding strokes for general relaxation</li><li><b>Deep "
                "tissue massage</b>: slower, firmer pressure on deeper muscle layers</li><li><b>Myofascial "
                "release</b>: sustained, gentle stretching of the connective tissue around muscles</li>"
                "<li><b>Trigger point therapy</b>: pressure on tender knots that refer pain elsewhere</li></ul>",
                "No technique has been shown to be better than the others for sciatica. A good therapist adapts "
                "pressure to you and avoids pressing hard on an irritated nerve.",
            ),
            heading("When massage is not a good idea"),
            para(
                "Do not have massage instead of seeing a doctor if you have any red-flag symptoms. Tell your "
                "therapist if you have a blood clotting problem or take blood thinners, have had recent surgery, "
                "are pregnant, or have a skin condition or infection over the area."
            ),
            red_flags(CAUDA_EQUINA_SIGNS, "emergency", CAUDA_EQUINA_ADVICE),
            key_points(
                "Massage may give short-term relief from pain and tension; evidence for lasting benefit is weak.",
                "Guidelines support it only as part of a plan that includes exercise.",
                "No massage style has been shown to be best for sciatica.",
                "Red-flag symptoms need a doctor, not a massage.",
            ),
            faq(
                (
                    "How many sessions should I try?",
                    "There is no set number. Many therapists suggest reviewing progress after three or four "
                    "sessions; if you are not moving or sleeping better, talk to your doctor or physiotherapist "
                    "about other options.",
                ),
                (
                    "Should massage for sciatica hurt?",
                    "Firm pressure can feel intense, but it should not reproduce sharp, shooting nerve pain down "
                    "your leg. Tell your therapist straight away if it does.",
                ),
                (
                    "Is massage safe in pregnancy?",
                    "Generally yes, with a therapist trained in prenatal massage who positions you safely. Check "
                    "with your midwife or doctor first if your pregnancy is high risk.",
                ),
            ),
            references(COCHRANE_MASSAGE, NICE_NG59, NCCIH_MASSAGE, NHS_SCIATICA),
        ],
    },
    {
        "slug": "first-massage-session-for-sciatica",
        "title": "Your first massage therapy session for sciatica: what to expect",
        "summary": (
            "From the health questions at the start to how you will be positioned and covered, here is what "
            "happens at a first appointment with a registered massage therapist, and how to get the most from it."
        ),
        "conditions": ["sciatica", "low-back-pain"],
        "techniques": ["swedish-massage", "deep-tissue-massage", "prenatal-massage"],
        "days_since_review": 200,
        "body": [
            para(
                "Knowing what will happen makes a first appointment easier. Sessions differ between therapists "
                "and countries, but a registered therapist will follow the same basic steps."
            ),
            heading("Before you go"),
            para(
                "<ul><li>Note when your pain started, what makes it better or worse, and any treatment you have "
                "had</li><li>Bring a list of your medicines, especially blood thinners</li><li>Wear comfortable "
                "clothes; you can keep on whatever you like</li><li>Ask whether the clinic can give you a receipt "
                "your insurer accepts, if that matters to you</li></ul>"
            ),
            heading("The health history and assessment"),
            para(
                "Your therapist will ask about your symptoms, your general health and any warning signs such as "
                "numbness in the saddle area or bladder changes. They may watch how you move and gently test "
                "your muscles. This is also when they should explain what they plan to do and ask for your "
                "consent. If anything suggests you need a doctor first, they should tell you and not treat you."
            ),
            heading("During the massage"),
            para(
                "You undress only to the level you are comfortable with, in private, and you are covered with a "
                "sheet or towel except for the area being worked on. For sciatica the therapist will usually work "
                "on the lower back, buttocks, hips and legs. If lying flat is painful, you may lie on your side "
                "with pillows between your knees, or sit supported.",
                "You can ask for more or less pressure, or to stop, at any time. Treatment of sensitive areas "
                "such as the upper inner thigh or gluteal area should only happen after the therapist has "
                "explained why and you have agreed.",
            ),
            heading("Afterwards"),
            para(
                "Feeling a little sore for a day or two is common, a bit like after exercise. New numbness, "
                "weakness, or pain shooting down the leg is not expected: contact the therapist and your doctor. "
                "Many therapists give simple stretches or movement advice to do at home, which matters as much as "
                "the massage itself."
            ),
            red_flags(CAUDA_EQUINA_SIGNS, "emergency", CAUDA_EQUINA_ADVICE),
            key_points(
                "Expect a health history, a short assessment and a clear explanation before any treatment.",
                "You choose how much to undress, and you are kept covered; you can change your mind at any time.",
                "Mild soreness afterwards is normal; new numbness or weakness is not.",
            ),
            faq(
                (
                    "How long is a first session?",
                    "Often 60 minutes, including the history-taking. Some clinics book a longer first visit.",
                ),
                (
                    "Can I bring someone with me?",
                    "Yes. You are entitled to have a friend or family member present, and a good clinic will "
                    "make room for them.",
                ),
            ),
            references(NCCIH_MASSAGE, NICE_NG59, NHS_SCIATICA),
        ],
    },
    {
        "slug": "choosing-a-registered-massage-therapist",
        "title": "How to choose a registered massage therapist",
        "summary": (
            "Registration means a regulator has checked a therapist's training and can act on complaints. "
            "Here is how to check a registration, what to ask before booking, and signs of a good fit for "
            "sciatica."
        ),
        "conditions": ["sciatica", "low-back-pain", "hip-pain"],
        "techniques": ["neuromuscular-therapy", "sports-massage", "prenatal-massage"],
        "days_since_review": 20,
        "body": [
            para(
                "Anyone can call themselves a massage therapist in some places. Where the profession is "
                "regulated, a protected title such as Registered Massage Therapist (RMT) or Licensed Massage "
                "Therapist (LMT) means the person met training and examination standards and answers to a "
                "regulator. Relieve lists only therapists whose registration an editor has checked."
            ),
            heading("Check the registration yourself"),
            para(
                "Regulators publish a public register. Search it by name to confirm the therapist is registered, "
                "that the registration is current, and whether there are any conditions or past disciplinary "
                "findings. Examples include provincial colleges in Canada such as the College of Massage "
                "Therapists of Ontario, state licensing boards in the United States, and in the UK the voluntary "
                "Complementary and Natural Healthcare Council register."
            ),
            heading("Questions worth asking"),
            para(
                "<ul><li>Have you treated people with sciatica before, and how do you usually approach it?</li>"
                "<li>What happens if you think I need to see a doctor?</li><li>How long are sessions and what do "
                "they cost? Can you bill my insurer directly?</li><li>Is the clinic accessible, and can I be "
                "treated lying on my side if I need to?</li><li>For pregnancy: are you trained in prenatal "
                "massage?</li></ul>"
            ),
            heading("Signs of a good fit"),
            para(
                "<ul><li>They take a full health history and ask about warning signs</li><li>They explain what "
                "they will do and ask for your consent, including before working near sensitive areas</li>"
                "<li>They give you realistic expectations and suggest exercises or movement, not a long "
                "prepaid package</li><li>They work alongside your doctor or physiotherapist rather than telling "
                "you to stop other care</li></ul>"
            ),
            heading("Warning signs"),
            para(
                "Be wary of anyone who promises a cure, discourages you from seeing a doctor, pressures you to "
                "buy many sessions up front, or will not tell you their registration number."
            ),
            red_flags(
                [
                    "Your therapist notices numbness, weakness or reflex changes that are new or worsening",
                    "You develop bladder, bowel or sexual problems, or numbness in the saddle area",
                    "Pain keeps getting worse despite treatment",
                ],
                "urgent",
                "<p>A registered therapist should stop treatment and refer you to a doctor. If the saddle, "
                "bladder or bowel symptoms appear, go to an emergency department.</p>",
            ),
            key_points(
                "Look for a protected title (such as RMT or LMT) and check it on the regulator's public register.",
                "Ask about experience with sciatica, costs, billing and accessibility before booking.",
                "Good therapists take a history, explain, ask consent and work alongside your other care.",
            ),
            faq(
                (
                    "What does the 'verified' label on Relieve mean?",
                    "An editor has checked the therapist's registration with their regulator and recorded when. "
                    "Listings disappear automatically when a registration lapses.",
                ),
                (
                    "Do I need a doctor's referral?",
                    "Usually not, although some insurers ask for one before they will pay. Check your policy.",
                ),
            ),
            references(CMTO, FSMTB, CNHC, NCCIH_MASSAGE),
        ],
    },
]

# --- Taxonomy -------------------------------------------------------------------------------

CONDITIONS = [
    (
        "sciatica",
        "Sciatica",
        "Pain, tingling or numbness that runs from the lower back or buttock down the leg, from an irritated "
        "nerve root of the sciatic nerve.",
        ["sciatic nerve pain", "lumbar radiculopathy", "pain down the leg", "sciatic pain", "trapped nerve in back"],
    ),
    (
        "low-back-pain",
        "Low back pain",
        "Pain between the bottom of the ribs and the buttocks; very common and usually not serious.",
        ["lower back pain", "lumbago", "backache", "lumbar pain"],
    ),
    (
        "piriformis-syndrome",
        "Piriformis syndrome",
        "Buttock pain, sometimes spreading down the leg, thought to come from the piriformis muscle irritating "
        "the sciatic nerve.",
        ["piriformis", "deep gluteal syndrome", "buttock pain"],
    ),
    (
        "lumbar-disc-herniation",
        "Lumbar disc herniation",
        "Part of a disc in the lower spine bulges or breaks through its outer ring and can press on a nerve root.",
        ["slipped disc", "herniated disc", "bulging disc", "prolapsed disc", "disc prolapse"],
    ),
    (
        "spinal-stenosis",
        "Spinal stenosis",
        "Narrowing of the spaces the spinal nerves run through, often causing leg symptoms when walking.",
        ["lumbar spinal stenosis", "narrowing of the spine", "neurogenic claudication"],
    ),
    (
        "pregnancy-related-back-pain",
        "Pregnancy-related back pain",
        "Back and pelvic pain during pregnancy, from loosening ligaments and changing posture.",
        ["back pain in pregnancy", "pelvic girdle pain", "sciatica in pregnancy", "SPD"],
    ),
    (
        "hip-pain",
        "Hip pain",
        "Pain around the hip joint, buttock or groin, from the joint itself or the muscles and tendons around it.",
        ["sore hip", "hip ache", "gluteal pain"],
    ),
    (
        "muscle-tension",
        "Muscle tension",
        "Tight, sore or guarded muscles, often around a painful area.",
        ["tight muscles", "muscle knots", "muscle stiffness"],
    ),
]

TECHNIQUES = [
    (
        "deep-tissue-massage",
        "Deep tissue massage",
        "Slow, firm pressure aimed at deeper layers of muscle and connective tissue.",
        ["deep tissue", "deep massage", "firm pressure massage"],
    ),
    (
        "swedish-massage",
        "Swedish massage",
        "Long, gliding strokes, kneading and gentle movement, mainly for relaxation and circulation.",
        ["relaxation massage", "classic massage", "swedish"],
    ),
    (
        "myofascial-release",
        "Myofascial release",
        "Sustained gentle pressure and stretch on the fascia, the connective tissue around muscles.",
        ["MFR", "fascial release", "myofascial"],
    ),
    (
        "trigger-point-therapy",
        "Trigger point therapy",
        "Pressure on tender knots in muscle that refer pain to other areas.",
        ["trigger points", "trigger point release", "muscle knots"],
    ),
    (
        "neuromuscular-therapy",
        "Neuromuscular therapy",
        "Targeted soft tissue work on specific muscles, trigger points and posture, often after an assessment.",
        ["NMT", "neuromuscular massage"],
    ),
    (
        "sports-massage",
        "Sports massage",
        "Massage adapted to people who train or play sport, before or after activity or for recovery.",
        ["sport massage", "athletic massage", "sports therapy"],
    ),
    (
        "prenatal-massage",
        "Prenatal massage",
        "Massage adapted for pregnancy, with safe side-lying or supported positions.",
        ["pregnancy massage", "maternity massage", "pre-natal massage"],
    ),
    (
        "hot-stone-massage",
        "Hot stone massage",
        "Massage using smooth heated stones to warm and relax muscles.",
        ["hot stones", "stone massage"],
    ),
]
