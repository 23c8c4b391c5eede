# ruff: noqa: E501 - long literal comment texts read better unwrapped
"""Stories and on-topic reader comments written by the project (English).

Each topic has an article (title + body) and hand-written comments that discuss it the way
readers of a Kurdish/Iraqi news site do: agreeing, disagreeing, angry at governments, doubting the
newsroom. They are acceptable comments. ``phrase`` slots into the generic sentence templates.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    body: str
    phrase: str  # noun phrase for templates: "the budget dispute"
    actor: str  # who is criticised: "the federal government"
    comments: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "salaries",
        "Public sector salaries delayed again as Erbil and Baghdad dispute budget share",
        "Civil servants in the Kurdistan Region have not received their October salaries. The "
        "regional government blames Baghdad for withholding its share of the federal budget, "
        "while federal officials say oil revenues were not handed over as agreed.",
        "the salary delays",
        "the regional government",
        (
            "Teachers in my town have not been paid for two months and still go to school every day.",
            "Both Erbil and Baghdad use our salaries as a bargaining chip. Pay the employees first.",
            "The budget law was clear about oil revenues. Someone is not following it.",
            "My father is a retired civil servant and his pension is late again this month.",
            "Why is there always money for new cars for officials but not for nurses' salaries?",
            "An independent audit of oil exports would settle who owes whom.",
        ),
    ),
    Topic(
        "elections",
        "Kurdistan parliament elections set for spring after two postponements",
        "The electoral commission announced that the regional parliamentary elections will be "
        "held in the spring. Voter registration opens next month, and parties dispute the number "
        "of seats reserved for minorities.",
        "the election date",
        "the electoral commission",
        (
            "Two postponements already. I will believe the date when I see the ballot boxes.",
            "The minority quota seats must stay. Christians and Turkmen deserve a voice.",
            "Young people should register to vote instead of complaining online.",
            "Voter lists still contain dead people from my village. Fix the register first.",
            "International observers should be invited to every polling station.",
            "The parties agree on nothing except delaying the vote again.",
        ),
    ),
    Topic(
        "water",
        "Tigris water levels hit record low as farmers abandon fields",
        "Water levels on the Tigris have fallen to their lowest in decades after upstream dams "
        "and a dry winter. Farmers near Mosul say they have abandoned wheat fields, and the "
        "ministry of water resources calls for a new agreement with Turkey.",
        "the water shortage",
        "the ministry of water resources",
        (
            "Without a water-sharing treaty with Turkey and Iran this will only get worse.",
            "We still flood fields like our grandfathers did. Drip irrigation would save so much.",
            "My uncle sold his sheep because there was no water left for the animals.",
            "The dams upstream are the main cause but local waste is a problem too.",
            "Every summer the same story, and every summer no plan from the ministry.",
            "Rainwater harvesting projects worked well in Jordan; we could learn from them.",
        ),
    ),
    Topic(
        "electricity",
        "Power cuts reach 14 hours a day in Sulaymaniyah during heatwave",
        "Residents of Sulaymaniyah report up to fourteen hours a day without grid electricity as "
        "temperatures pass 45 degrees. The electricity ministry blames gas supply shortages and "
        "old transmission lines.",
        "the power cuts",
        "the electricity ministry",
        (
            "We pay the private generator owner more than the government bill every month.",
            "Fourteen hours without power at 47 degrees is dangerous for old people.",
            "Solar panels on public buildings would reduce the load during the day.",
            "Every minister promises 24 hours of electricity and none has delivered.",
            "The transmission lines were built in the eighties. Of course they fail.",
            "My children cannot study at night because of the cuts.",
        ),
    ),
    Topic(
        "turkey_strikes",
        "Turkish drone strike hits vehicle near Duhok border villages",
        "A Turkish drone strike hit a vehicle near villages north of Duhok, local officials said. "
        "Ankara says it targets PKK fighters; villagers say civilians are afraid to farm their "
        "land near the border.",
        "the cross-border strikes",
        "the Turkish government",
        (
            "Villagers near the border cannot reach their orchards because of the strikes.",
            "Baghdad protests on paper and nothing changes on the ground.",
            "Both the PKK presence and the Turkish bombing hurt the people living there.",
            "An independent investigation should say who was in that vehicle.",
            "The regional government stays silent because of its trade with Ankara.",
            "How many villages have been emptied since 2015? Someone should count.",
        ),
    ),
    Topic(
        "isis_trials",
        "Court sentences ISIS members for crimes against Yazidis in Sinjar",
        "A court in Baghdad sentenced five members of the Islamic State group for crimes against "
        "Yazidis in Sinjar in 2014, including killings and the enslavement of women. Survivors "
        "testified for the first time in open court.",
        "the Sinjar trials",
        "the courts",
        (
            "Justice for the Yazidi survivors is long overdue. Their testimony was brave.",
            "ISIS murdered thousands of people in Sinjar and enslaved women and girls.",
            "The trials should be open to international observers so nobody can doubt them.",
            "Thousands of Yazidi women are still missing. Finding them must be the priority.",
            "Genocide should be tried as genocide, not only as terrorism.",
            "Sinjar still has no proper reconstruction ten years later.",
        ),
    ),
    Topic(
        "oil_exports",
        "Oil exports through Ceyhan pipeline remain halted for second year",
        "Kurdish oil exports through the pipeline to the Turkish port of Ceyhan remain halted "
        "after an arbitration ruling. The region loses billions of dollars in revenue while "
        "Baghdad and Erbil negotiate a new arrangement.",
        "the pipeline shutdown",
        "the oil ministry",
        (
            "Billions lost every month while the two sides argue over contracts.",
            "The arbitration ruling was predictable. Why was there no plan B?",
            "Oil money never reached ordinary people anyway, pipeline or not.",
            "A transparent oil revenue fund like Norway's would end these disputes.",
            "The smuggling by truck continues, so who is making money now?",
            "Foreign companies will not invest while contracts can be cancelled overnight.",
        ),
    ),
    Topic(
        "football",
        "Erbil SC reaches Iraqi league semi-final after penalty shootout",
        "Erbil SC beat Al-Zawraa on penalties to reach the semi-final of the Iraqi Stars League. "
        "The goalkeeper saved two penalties in front of a sold-out Franso Hariri stadium.",
        "the semi-final",
        "the football federation",
        (
            "What a save in the shootout! The goalkeeper deserves a call-up to the national team.",
            "The stadium was full for the first time in years. Great atmosphere.",
            "Our defence was poor in the second half; we need to fix that before the semi-final.",
            "The referee missed a clear handball, but the team still deserved the win.",
            "The federation should schedule matches in the evening; it was too hot.",
            "Young local players made the difference tonight.",
        ),
    ),
    Topic(
        "refugees",
        "Camps for displaced people in Duhok to close by end of year",
        "The federal migration ministry plans to close camps for displaced people in Duhok "
        "province by the end of the year. Many Yazidi families say they cannot return to Sinjar "
        "because their homes are destroyed and the area is unsafe.",
        "the camp closures",
        "the migration ministry",
        (
            "Closing the camps before Sinjar is rebuilt is forcing people into poverty.",
            "The families I know in the camp want to go home, but there are no schools there.",
            "Return must be voluntary. That is what international law says.",
            "Give the families the compensation they were promised first.",
            "Refugees and displaced families have been patient for ten years.",
            "The host communities in Duhok have also carried a heavy burden.",
        ),
    ),
    Topic(
        "women_parliament",
        "Women MPs push for law against domestic violence",
        "Women members of parliament are pushing for a law against domestic violence, with "
        "shelters and protection orders. Some conservative MPs say the draft weakens the family.",
        "the domestic violence law",
        "parliament",
        (
            "Protection orders and shelters save lives. Pass the law.",
            "Women MPs have shown more courage on this than their male colleagues.",
            "Protecting women from violence does not weaken families; violence does.",
            "My cousin needed a shelter last year and there was none in our province.",
            "The draft should also cover violence against elderly people and children.",
            "Police need training to handle these cases without sending women back home.",
        ),
    ),
    Topic(
        "corruption",
        "Integrity commission charges former officials over ghost employees",
        "The federal integrity commission charged eight former officials over payrolls with "
        "thousands of ghost employees. The scheme cost the treasury an estimated 200 million "
        "dollars.",
        "the payroll scandal",
        "the integrity commission",
        (
            "Eight officials charged, but the people who protected them are still in power.",
            "Biometric payroll registration should be mandatory in every ministry.",
            "200 million dollars would have built hospitals in every district.",
            "I will believe it when someone senior actually goes to prison.",
            "Corruption is the reason young people leave this country.",
            "The commission should publish every name on that ghost payroll.",
        ),
    ),
    Topic(
        "health",
        "Cholera cases rise in Kirkuk as water network fails",
        "Health officials in Kirkuk confirmed forty new cholera cases this week and blamed "
        "contaminated water from a damaged network. Hospitals have opened isolation wards.",
        "the cholera outbreak",
        "the health directorate",
        (
            "Boil your water, everyone. The network has been leaking for years.",
            "Doctors and nurses in Kirkuk are doing heroic work with few resources.",
            "Every summer there is cholera because sewage mixes with drinking water.",
            "The health directorate should publish daily case numbers by neighbourhood.",
            "Chlorine tablets should be distributed free in the affected districts.",
            "Prevention is cheaper than isolation wards.",
        ),
    ),
    Topic(
        "education",
        "Teachers strike over unpaid wages closes schools in Halabja",
        "Teachers in Halabja went on strike over unpaid wages, closing most schools in the "
        "province. The education ministry says salaries will be paid after the budget transfer.",
        "the teachers' strike",
        "the education ministry",
        (
            "Teachers cannot work for free. Their strike is completely justified.",
            "Our children lose another year of school because of politics.",
            "Private schools keep growing while public schools are falling apart.",
            "The ministry always promises payment after the next transfer.",
            "Support the teachers, they taught all of us.",
            "Online classes do not work when the electricity is off half the day.",
        ),
    ),
    Topic(
        "iran_strikes",
        "Iranian missiles hit Koya area targeting Kurdish opposition groups",
        "Iran's Revolutionary Guards fired missiles at bases of Iranian Kurdish opposition "
        "parties near Koya. Local officials reported damage to a school and two civilians "
        "injured.",
        "the missile strikes",
        "the Iranian government",
        (
            "A school was hit. This is a violation of Iraqi sovereignty.",
            "Baghdad should take this to the UN Security Council.",
            "Civilians in Koya live in fear every time there are protests in Iran.",
            "The opposition camps have been there for decades; talks are the only solution.",
            "Why does nobody protect the air space of the region?",
            "Wishing the injured a full recovery.",
        ),
    ),
    Topic(
        "housing",
        "Rents in Erbil double as new housing projects stall",
        "Rents in Erbil have nearly doubled in two years as dozens of housing projects stall "
        "for lack of funding. Young families say they cannot afford to live in the city.",
        "the housing crisis",
        "the housing ministry",
        (
            "Half the towers on the Kirkuk road are empty shells while families cannot afford rent.",
            "Young couples cannot marry because they cannot find an affordable flat.",
            "Rent control would help in the short term, but we need to build more homes.",
            "Investors buy flats and leave them empty. Tax empty property.",
            "My rent went from 400 to 750 dollars in two years.",
            "The housing loans promised in 2019 never arrived.",
        ),
    ),
    Topic(
        "press_freedom",
        "Journalist detained after reporting on protests in Badinan",
        "Security forces detained a journalist after he reported on protests in the Badinan "
        "area. Press freedom groups called for his release; officials said he was held for "
        "incitement.",
        "the journalist's detention",
        "the security forces",
        (
            "Reporting on a protest is not incitement. Release him.",
            "Press freedom in the region has been getting worse every year.",
            "If there was a crime, show the evidence in an open court.",
            "Journalists should be able to work without fear of arrest.",
            "The same thing happened to three reporters last year and nobody was charged.",
            "Western diplomats praise our democracy and stay silent about this.",
        ),
    ),
    Topic(
        "tourism",
        "Record number of tourists visit Kurdistan mountains during Eid holiday",
        "More than 300,000 visitors came to the Kurdistan Region during the Eid holiday, mostly "
        "from southern Iraq, filling hotels in Shaqlawa and Rawanduz. Officials want to extend "
        "the season with winter tourism.",
        "the tourism season",
        "the tourism board",
        (
            "Shaqlawa was full of families from Basra and Baghdad. That is good to see.",
            "The roads to Rawanduz need repair before the next holiday.",
            "Visitors leave rubbish everywhere in the mountains. We need more bins and fines.",
            "Winter tourism in Penjwen could work with a small ski resort.",
            "Hotel prices triple during Eid; that will scare visitors away.",
            "Tourism brings jobs without destroying the land, if it is managed well.",
        ),
    ),
    Topic(
        "earthquake",
        "Earthquake of magnitude 5.1 shakes Halabja, buildings damaged",
        "An earthquake of magnitude 5.1 struck near Halabja overnight, damaging older buildings "
        "and injuring twelve people. Residents slept outside fearing aftershocks.",
        "the earthquake damage",
        "the civil defence",
        (
            "Old buildings in Halabja were never checked for earthquake safety.",
            "Thank you to the civil defence teams who worked through the night.",
            "Building codes exist on paper but nobody enforces them.",
            "My family slept in the car last night because of the aftershocks.",
            "Schools should run earthquake drills; most children do not know what to do.",
            "Wishing a quick recovery to everyone who was injured.",
        ),
    ),
    Topic(
        "us_troops",
        "US troops to leave Iraqi bases under new security agreement",
        "Under a new agreement, US-led coalition troops will leave several Iraqi bases over two "
        "years, with some advisers staying in the Kurdistan Region. Militia leaders welcomed the "
        "withdrawal.",
        "the troop withdrawal",
        "the coalition",
        (
            "If the coalition leaves too early, ISIS cells will come back in the desert.",
            "Iraq should be able to defend itself after twenty years of training.",
            "The militias welcome it because they want the space for themselves.",
            "Advisers staying in Erbil is a sensible compromise.",
            "Nobody asked ordinary Iraqis what they want.",
            "The withdrawal timetable should depend on conditions, not on politics in Washington.",
        ),
    ),
    Topic(
        "fuel_prices",
        "Fuel prices rise 20 percent after subsidy cut",
        "The regional government raised fuel prices by twenty percent after cutting subsidies. "
        "Taxi drivers protested in Erbil, and officials said the savings will fund salaries.",
        "the fuel price rise",
        "the finance ministry",
        (
            "Taxi drivers cannot raise fares by twenty percent overnight.",
            "Subsidies mostly help people with big cars, so cutting them is fair if salaries get paid.",
            "Prices of bread and vegetables will follow the fuel price.",
            "Public transport in Erbil would reduce our dependence on cars.",
            "They cut subsidies but keep the officials' fuel allowances.",
            "Show us exactly where the savings go.",
        ),
    ),
    Topic(
        "language_schools",
        "Debate over teaching Kurdish, Arabic and English in primary schools",
        "The education ministry proposes teaching English from the first grade and reducing "
        "Arabic hours in Kurdistan's primary schools. Teachers' unions worry about a shortage of "
        "qualified English teachers.",
        "the language curriculum",
        "the education ministry",
        (
            "Children can learn three languages easily if the teachers are trained.",
            "Dropping Arabic will make it harder for our youth to work in Baghdad.",
            "Sorani and Kurmanji speakers should both see their dialect in school books.",
            "Where will we find thousands of qualified English teachers?",
            "My son learned more English from cartoons than from school.",
            "Mother tongue first, other languages later: that is what research says.",
        ),
    ),
    Topic(
        "climate_dust",
        "Dust storms send hundreds to hospital in Basra and Kirkuk",
        "Heavy dust storms sent hundreds of people with breathing problems to hospitals in Basra "
        "and Kirkuk. Experts link the rise in storms to drought and desertification.",
        "the dust storms",
        "the environment ministry",
        (
            "Green belts around the cities would reduce the dust. Other countries did it.",
            "My mother has asthma; every storm we end up in the emergency room.",
            "Desertification is the real threat and nobody talks about it.",
            "Plant trees, stop cutting the few forests we have.",
            "Schools should close on storm days to protect the children.",
            "The storms are getting more frequent every year.",
        ),
    ),
    Topic(
        "internet",
        "Internet shut down nationwide for school exams",
        "Authorities shut down mobile internet across Iraq for several hours on exam days to "
        "prevent cheating. Businesses say the cuts cost them millions.",
        "the internet shutdowns",
        "the communications ministry",
        (
            "Shutting down the internet for a whole country to stop cheating is absurd.",
            "Online shops and banks lose money every exam morning.",
            "Better exam security would solve this without cutting everyone off.",
            "Students cheat with printed papers anyway.",
            "Other countries manage exams without blackouts.",
            "The ministry should compensate businesses for the losses.",
        ),
    ),
    Topic(
        "archaeology",
        "Archaeologists uncover Assyrian palace reliefs near Duhok",
        "Archaeologists working near Duhok uncovered carved reliefs from an Assyrian palace, "
        "dating to around 700 BC. The directorate of antiquities plans a site museum.",
        "the Assyrian reliefs",
        "the antiquities directorate",
        (
            "What a discovery. Protect the site before looters get there.",
            "Our history goes back thousands of years; teach it in schools.",
            "A site museum would bring tourists and jobs to the area.",
            "Assyrian Christians should be part of how the site is presented.",
            "The carvings in the photos are beautiful.",
            "Hopefully the reliefs are not sent abroad this time.",
        ),
    ),
)

GENERIC_COMMENTS: tuple[str, ...] = (
    "Good news finally.",
    "Thanks for the report.",
    "Great article, thank you.",
    "Well said.",
    "Very informative, thanks.",
    "Finally some good news.",
    "Interesting, thanks for sharing.",
    "Agreed.",
    "So sad to read this.",
    "Thank you for covering this.",
    "Keep up the good work.",
    "Important story, thanks.",
    "I hope things get better soon.",
    "Let's see what happens.",
    "Thanks for the update.",
    "Excellent reporting.",
    "Totally agree with this.",
    "This is very sad news.",
    "Good to know, thanks.",
    "God help us all.",
    "We will see.",
    "Nice piece.",
    "Please keep following this story.",
    "Thank you Rudaw for this report.",
    "About time.",
    "Shocking.",
    "Wow.",
    "Rest in peace to the victims.",
    "Well written article.",
    "Interesting read.",
)

OFF_TOPIC_COMMENTS: tuple[str, ...] = (
    "Does anyone know a good dentist in Sulaymaniyah?",
    "What time does the Real Madrid match start tonight?",
    "My phone battery drains so fast after the last update, any advice?",
    "Best recipe for dolma is with a lot of lemon and sour grapes.",
    "Who else watched the new Turkish series last night?",
    "I lost my cat near the Citadel, she is grey with white paws.",
    "Is the Erbil to Istanbul flight still daily in winter?",
    "The weather app says snow in Penjwen next week.",
    "Can someone recommend a laptop for university under 600 dollars?",
    "My favourite singer is releasing a new album on Friday.",
    "How do I renew my passport online?",
    "Anyone selling a used Toyota Corolla in Duhok?",
    "The new cafe on 100 Meter Road has great coffee.",
    "I am learning to play the guitar, it is harder than I thought.",
    "What is the best time of year to visit Lake Dukan for fishing?",
    "Which university in Erbil has the best engineering programme?",
    "My grandmother makes the best kleicha for Eid.",
    "The traffic on the Kirkuk road was terrible this morning.",
    "Does anyone know when the next iPhone comes out?",
    "I just finished reading a great novel about the Ottoman empire.",
)
