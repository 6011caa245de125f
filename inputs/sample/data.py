"""Fixed tables behind the synthetic sample: prisons, LDUs and staff names.

All names and codes are made up. The prison list is ordered so that any prefix is
representative: the first prison is a typical male local of about 1,200, and the
first ten already hold a women's, an open, a high-security, a young-adult, a Welsh
and a contracted-out prison. The full list matches the public scale figures:
124 prisons holding 88,500 people (12 women's prisons holding 3,600, 13 male open,
5 high-security, 3 young-adult, 11 contracted-out, 6 in Wales).
"""

from __future__ import annotations

from dataclasses import dataclass

from allocator.domain.enums import Country, Estate

# Profile letters: L male local (cat B), C male category C, O male open,
# H high security, F women's, Y young adults; a trailing * marks a contracted-out prison.
_ESTATES = {
    "L": Estate.MALE_CLOSED,
    "C": Estate.MALE_CLOSED,
    "O": Estate.MALE_OPEN,
    "H": Estate.HIGH_SECURITY,
    "F": Estate.FEMALE,
    "Y": Estate.YOUNG_ADULT,
}
_TITLES = {"F": "HMP & YOI", "Y": "HMYOI"}
WALES = "WA"


@dataclass(frozen=True, slots=True)
class PrisonSpec:
    """One prison of the sample: code, name, profile, probation region and population."""

    code: str
    name: str
    profile: str
    contracted_out: bool
    region: str
    population: int

    @property
    def estate(self) -> Estate:
        """The contract's estate of this prison."""
        return _ESTATES[self.profile]

    @property
    def country(self) -> Country:
        """Wales for the Welsh region, England otherwise."""
        return Country.WALES if self.region == WALES else Country.ENGLAND


# code | name | profile | region | population
_PRISONS = """
ASH | Ashcombe         | L  | YH | 1200
BRW | Bramwell         | C  | YH |  900
CBK | Calderbrook      | F  | YH |  350
DHM | Denholme Moor    | O  | YH |  450
EMF | Eastmoor Fields  | C* | EM | 1060
FNH | Fenhallow        | H  | EM |  600
CWN | Caerwen          | L  | WA |  770
GTH | Gatehurst        | Y  | NW |  500
HTW | Hartwell         | C  | NW |  670
IVD | Ivydene          | F  | SW |  300
KGM | Kingsmere        | L  | LN | 1250
LGH | Langholme        | O  | NW |  300
LLF | Llanfor          | C  | WA | 1920
MLB | Marlbeck         | C  | KS |  820
NTG | Northgate        | L* | GM | 1350
OCV | Orchard Vale     | F  | EM |  280
PNK | Pennick          | C  | NE |  720
QRD | Quarrendon       | H  | NE |  620
RDM | Redmarsh         | C  | SW |  620
SLB | Saltbridge       | L  | SC | 1060
THL | Thornleigh       | C  | NE |  540
UPG | Upperton Grange  | O  | SC |  520
WYC | Wyndham Cross    | F  | LN |  420
ALH | Alderholt        | C  | WM |  860
BKF | Beckforth        | L  | WM | 1200
CWP | Colwick Park     | C* | EE | 1540
DYF | Drayfield        | C  | EE |  460
EWD | Elmswood         | F  | NW |  250
FRD | Farrowdale       | O  | EE |  250
GLM | Glenmoor         | L  | NW | 1110
HLF | Hallowfield      | C  | GM |  790
IGX | Ingleby Cross    | Y  | EM |  420
JPH | Juniper Hill     | C  | SC |  580
PYB | Pen-y-Bryn       | L* | WA | 1630
KSR | Kestrel Ridge    | C  | SW |  670
LKS | Larkspur         | F  | WM |  330
MRB | Merebrook        | O  | WM |  380
NTB | Netherby         | C  | NW |  960
OSB | Ousebridge       | L  | YH |  860
PRW | Prestwood        | C  | EM |  530
RVH | Ravensholt       | H  | YH |  450
SDB | Sedgebrook       | C  | LN |  910
TMT | Tamerton         | L  | SW |  820
UHF | Underhill Farm   | O  | KS |  480
VLH | Valehead         | C  | GM |  670
WBK | Willowbrook      | F  | KS |  260
YRF | Yarrowfield      | C* | YH | 1440
ABM | Abbotsmead       | L  | KS | 1010
BKM | Blakemere        | C  | WM |  620
CRV | Cranleigh Vale   | C  | SC |  770
DMP | Dunmere Park     | O  | SW |  400
ESK | Eskholme         | L  | NE |  960
FXH | Foxhollow        | C  | EE |  690
GRA | Greenacre        | F  | SC |  520
HKM | Hawksmoor        | C  | NW |  850
BRC | Bryncoed         | C  | WA |  260
IRS | Ironstone        | L  | EM |  910
RHW | Rhoswen          | O  | WA |  260
JSF | Jessop Fields    | C  | EE |  580
KNV | Kennet Vale      | C* | SC | 1150
LDM | Lindenmoor       | H  | WM |  800
ABL | Aberllyn         | L  | WA |  430
MCF | Moorcroft        | C  | YH |  720
NTC | Nettlecombe      | F  | NE |  200
OLC | Oldcastle        | C  | WM |  620
PRM | Priory Meadow    | O  | EM |  330
QNB | Queensbridge     | L  | LN | 1350
RSM | Rushmere         | C  | EE |  480
STB | Stonebeck        | C  | NE |  820
TNH | Tanners Hill     | L  | KS |  860
UFH | Uffingham        | C  | SW |  530
WHF | Windhill Farm    | O  | NW |  550
YWT | Yewtree          | F  | WM |  310
AMD | Amberley Down    | C  | SC |  600
BRM | Barrowmead       | L  | EE | 1060
CSG | Castlegate       | C* | NW | 1730
DPD | Deepdale         | C  | YH |  670
EDC | Edgecliffe       | C  | SW |  440
FCB | Falconbridge     | H  | LN |  560
GRS | Gresley          | L  | EM |  770
HMW | Holmwood         | C  | NE |  580
IGF | Ingram Fields    | O  | LN |  290
KKS | Kirkstead        | C  | YH |  860
LWF | Lowfell          | F  | NW |  180
MVT | Milverton        | L  | SW |  670
NWL | Newlands         | C  | WM |  960
ORS | Ormside          | C  | EM |  500
PKM | Pickering Moor   | C* | YH | 1060
RBT | Ribbleton        | L  | NW | 1250
SVD | Silverdale       | O  | KS |  420
TXF | Thaxted Fen      | C  | EE |  620
UVB | Ulverbrook       | L  | NE |  910
WDX | Wardle Cross     | C  | GM |  670
APG | Applegarth       | F  | EE |  200
BKN | Brackenfield     | C  | LN |  770
CDH | Coldharbour      | Y  | SC |  380
DST | Dunstan          | L  | GM |  960
ELF | Elderfield       | C* | WM | 1250
FHV | Fairhaven        | O  | SW |  370
GSB | Gorsebrook       | C  | NW |  620
HTM | Heathmoor        | L  | LN | 1110
IGW | Inglewood        | C  | NE |  500
JVX | Jarvis Cross     | C  | EM |  460
KLM | Kelmscott        | C  | SC |  480
LYW | Lynwood          | L  | KS |  860
MPT | Maplethorpe      | C  | EE |  530
NSB | Nunsbridge       | C  | WM |  670
OVS | Overstone        | L  | WM | 1060
PBF | Pemberton Fields | C* | GM | 1440
RDW | Radwell          | C  | SC |  580
SVX | Stavely Cross    | C  | YH |  620
TRL | Thurlow          | L  | SC |  820
UPW | Upwood           | C  | EE |  430
WXC | Wexcombe         | C  | SC |  480
ALG | Ashlar Gate      | C  | LN |  670
BCV | Birchover        | L  | NE |  770
CWL | Cowlam           | C  | YH |  540
DNB | Dunsby           | C  | EM |  580
EVS | Eversleigh       | C  | KS |  720
FLG | Fellgate         | L  | NW |  860
GBH | Granby Heath     | C  | WM |  650
HZM | Hazelmere        | C  | EE |  400
LCF | Larchfield       | L* | SW | 1250
MWK | Morwick          | C  | NE |  620
"""


def _parse(table: str) -> tuple[PrisonSpec, ...]:
    """The prison table as specs, in its fixed order."""
    specs = []
    for line in table.strip().splitlines():
        code, name, profile, region, population = (part.strip() for part in line.split("|"))
        letter = profile.rstrip("*")
        specs.append(
            PrisonSpec(
                code=code,
                name=f"{_TITLES.get(letter, 'HMP')} {name}",
                profile=letter,
                contracted_out=profile.endswith("*"),
                region=region,
                population=int(population),
            )
        )
    return tuple(specs)


PRISONS: tuple[PrisonSpec, ...] = _parse(_PRISONS)

# Probation regions and their LDU/PDU codes (40 in all); nearby prisons share them.
_LDU_COUNTS = (
    ("NE", 3),
    ("NW", 4),
    ("GM", 3),
    ("YH", 4),
    ("EM", 3),
    ("WM", 4),
    ("EE", 3),
    ("LN", 4),
    ("KS", 3),
    ("SW", 3),
    ("SC", 3),
    ("WA", 3),
)
REGION_LDUS: dict[str, tuple[str, ...]] = {
    region: tuple(f"{region}{number}" for number in range(1, count + 1))
    for region, count in _LDU_COUNTS
}

FIRST_NAMES: tuple[str, ...] = (
    "Aisha", "Alan", "Amir", "Amy", "Andrew", "Angela", "Ben", "Bethan", "Carl", "Carys",
    "Chloe", "Chris", "Claire", "Daniel", "Dawn", "Deepa", "Dylan", "Emma", "Faisal", "Fiona",
    "Gareth", "Gemma", "Grace", "Hannah", "Harpreet", "Ian", "Imran", "Jack", "Jade", "James",
    "Jasmine", "Joanne", "Karen", "Kelly", "Kwame", "Laura", "Lee", "Leanne", "Lucy", "Mark",
    "Megan", "Michelle", "Mohammed", "Natalie", "Neil", "Nia", "Olivia", "Owen", "Paul",
    "Priya", "Rachel", "Rhys", "Rob", "Sadia", "Sam", "Sarah", "Sean", "Sian", "Simon",
    "Sophie", "Stacey", "Steve", "Tom", "Tracey", "Wayne", "Yasmin", "Zoe",
)  # fmt: skip
SURNAMES: tuple[str, ...] = (
    "Adams", "Ahmed", "Ali", "Allen", "Bailey", "Baker", "Begum", "Bell", "Bennett", "Brown",
    "Campbell", "Carter", "Chapman", "Clarke", "Cooper", "Cox", "Davies", "Dixon", "Edwards",
    "Evans", "Fisher", "Fletcher", "Foster", "Gill", "Graham", "Green", "Griffiths", "Hall",
    "Harris", "Hughes", "Hussain", "Jackson", "James", "Jenkins", "Johnson", "Jones", "Kaur",
    "Kelly", "Khan", "King", "Lewis", "Lloyd", "Marshall", "Martin", "Mason", "Mills",
    "Mitchell", "Moore", "Morgan", "Morris", "Murphy", "Owen", "Parker", "Patel", "Pearson",
    "Phillips", "Powell", "Price", "Rees", "Richards", "Roberts", "Robinson", "Rogers", "Scott",
    "Shaw", "Singh", "Smith", "Stevens", "Taylor", "Thomas", "Thompson", "Turner", "Walker",
    "Ward", "Watson", "White", "Williams", "Wilson", "Wood", "Wright", "Young",
)  # fmt: skip
