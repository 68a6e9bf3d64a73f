"""A deterministic demo utility: the four city companies of the paper, their teams,
technicians and supervisors, thousands of customers with meters, and a day's work
orders for every technician. The same seed always gives the same utility.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from app.domain.entities import Archive, Company, Customer, Meter, Role, Tariff, Team, User
from app.domain.work_orders import Kind, Priority, Status, WorkOrder

CST = timezone(timedelta(hours=8))
DEMO_DAY = date(2026, 11, 24)

CITIES: list[tuple[str, str, list[str], list[str]]] = [
    ("CD", "成都", ["锦江区", "青羊区", "武侯区", "成华区", "金牛区"],
     ["天府大道", "人民南路", "蜀都大道", "红星路", "一环路"]),
    ("DY", "德阳", ["旌阳区", "罗江区", "广汉市"], ["长江路", "泰山路", "岷江西路", "珠江路"]),
    ("NJ", "内江", ["市中区", "东兴区", "隆昌市"], ["汉安大道", "玉溪路", "新江路", "公园街"]),
    ("MY", "绵阳", ["涪城区", "游仙区", "安州区"], ["临园路", "剑南路", "绵兴路", "长虹大道"]),
]
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许"
            "韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚"
         "桂英华建国红梅玉兰志强海燕晓东文斌春梅丹丹鑫宇浩然子涵")
ESTATES = ["望江名门", "锦绣花园", "阳光城", "蓝光公馆", "翡翠城", "南湖国际", "金沙苑", "东方明珠小区"]
# The demo utility's time-of-use day (the simulated meters hold it): valley overnight, flat, peak
# mornings and evenings, sharp 19-21.
TOU_DAY = (("00:00", 4), ("07:00", 3), ("08:00", 2), ("11:00", 3), ("18:00", 2), ("19:00", 1),
           ("21:00", 2), ("23:00", 4))
TARIFFS = [
    Tariff("0101", "居民生活用电", Decimal("0.5224")),
    Tariff("0102", "居民生活用电(分时)", Decimal("0.5224"), True,
           (Decimal("0.7836"), Decimal("0.6268"), Decimal("0.5224"), Decimal("0.2612")), TOU_DAY),
    Tariff("0201", "一般工商业用电", Decimal("0.6612"), True,
           (Decimal("0.9918"), Decimal("0.7934"), Decimal("0.6612"), Decimal("0.3306")), TOU_DAY),
    Tariff("0301", "农业生产用电", Decimal("0.4820")),
]
MAKERS = ["威胜", "林洋", "炬华", "华立"]
MODELS = ["DDZY1080C-Z", "DDZY285-Z", "DDZY71C-Z", "DTZY1080C-Z"]
KIND_WEIGHTS = [(Kind.METER_REPLACE, 40), (Kind.INSPECT, 30), (Kind.FAULT, 8), (Kind.NEW_INSTALL, 7),
                (Kind.RECHARGE, 8), (Kind.OPEN_CARD, 3), (Kind.RECHARGE_REPAIR, 2), (Kind.WRITE_CARD, 2)]
TITLES = {Kind.METER_REPLACE: "周期轮换换表", Kind.INSPECT: "计量装置巡查", Kind.FAULT: "计量故障处理",
          Kind.NEW_INSTALL: "新装表计", Kind.RECHARGE: "上门购电", Kind.OPEN_CARD: "开户发卡",
          Kind.RECHARGE_REPAIR: "购电补写卡", Kind.WRITE_CARD: "写参数卡"}


@dataclass
class DemoUtility:
    """Everything the demo holds, ready for the central server or a local store."""

    companies: list[Company] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    archives: list[Archive] = field(default_factory=list)
    orders: list[WorkOrder] = field(default_factory=list)
    stock: dict[str, list[Meter]] = field(default_factory=dict)  # tech_id -> new meters in the van

    def technicians(self) -> list[User]:
        return [u for u in self.users if u.role is Role.TECHNICIAN]

    def orders_of(self, tech_id: str) -> list[WorkOrder]:
        return [o for o in self.orders if o.tech_id == tech_id]


class _Numbers:
    """Unique, valid-looking meter and customer numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def unique(self, prefix: str, length: int) -> str:
        while True:
            text = prefix + "".join(self.rng.choice("0123456789") for _ in range(length - len(prefix)))
            if text not in self.seen:
                self.seen.add(text)
                return text

    def meter(self) -> Meter:
        asset_no, address = self.unique("51023", 22), self.unique("", 12)
        return Meter(asset_no=asset_no, address=address,
                     model=self.rng.choice(MODELS), manufacturer=self.rng.choice(MAKERS),
                     tag_uid=demo_tag_uid(address))


def demo_tag_uid(address: str) -> str:
    """A demo meter's RFID tag: a 7-byte NXP-style UID (04 ...) made of its address."""
    return "04" + address


def generate(seed: int = 20261124, customers_per_city: int = 1500, teams_per_city: int = 3,
             techs_per_team: int = 6, orders_per_tech: tuple[int, int] = (10, 16)) -> DemoUtility:
    """The demo utility for ``seed`` (same seed, same utility)."""
    rng = random.Random(seed)
    nums = _Numbers(rng)
    demo = DemoUtility()
    for code, city, districts, roads in CITIES:
        company = Company(f"C-{code}", f"国网{city}供电公司", city)
        demo.companies.append(company)
        archives = [_archive(rng, nums, company, districts, roads) for _ in range(customers_per_city)]
        demo.archives.extend(archives)
        for t in range(1, teams_per_city + 1):
            team = Team(f"{code}-T{t}", company.company_id, f"{city}装表接电{t}班")
            demo.teams.append(team)
            demo.users.append(User(f"{code}{t}00", _name(rng), Role.SUPERVISOR, team.team_id,
                                   company.company_id))
            for k in range(1, techs_per_team + 1):
                tech = User(f"{code}{t}{k:02d}", _name(rng), Role.TECHNICIAN, team.team_id,
                            company.company_id)
                demo.users.append(tech)
                count = rng.randint(*orders_per_tech)
                demo.orders.extend(_orders(rng, nums, tech, rng.sample(archives, count)))
                demo.stock[tech.user_id] = [nums.meter() for _ in range(3)]
    demo.users.append(User("ADMIN", "系统管理员", Role.ADMINISTRATOR, "", ""))
    return demo


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _archive(rng: random.Random, nums: _Numbers, company: Company, districts: list[str],
             roads: list[str]) -> Archive:
    address = (f"四川省{company.city}市{rng.choice(districts)}{rng.choice(roads)}{rng.randint(1, 999)}号"
               f"{rng.choice(ESTATES)}{rng.randint(1, 30)}幢{rng.randint(1, 6)}单元"
               f"{rng.randint(1, 33)}{rng.randint(1, 4):02d}室")
    customer = Customer(customer_no=nums.unique("", 10), name=_name(rng), address=address,
                        phone=f"1{rng.choice('3589')}{rng.randint(0, 9)}****{rng.randint(0, 9999):04d}",
                        company_id=company.company_id,
                        transformer=f"10kV {rng.choice(roads)}线 {rng.randint(1, 12)}#配变")
    installed = date(2012, 1, 1) + timedelta(days=rng.randint(0, 4000))
    return Archive(customer=customer, meter=nums.meter(), tariff=rng.choice(TARIFFS),
                   install_date=installed)


def _orders(rng: random.Random, nums: _Numbers, tech: User, archives: list[Archive]) -> list[WorkOrder]:
    kinds = [k for k, _w in KIND_WEIGHTS]
    weights = [w for _k, w in KIND_WEIGHTS]
    start = datetime(DEMO_DAY.year, DEMO_DAY.month, DEMO_DAY.day, 8, 0, tzinfo=CST)
    orders = []
    for i, archive in enumerate(archives):
        kind = rng.choices(kinds, weights)[0]
        window = start + timedelta(minutes=40 * i)
        replaces = kind in (Kind.METER_REPLACE, Kind.FAULT, Kind.NEW_INSTALL)
        new_meter = nums.meter() if replaces else None
        orders.append(WorkOrder(
            order_no=f"WO{DEMO_DAY:%Y%m%d}{tech.user_id}{i:02d}", kind=kind, title=TITLES[kind],
            archive=archive, tech_id=tech.user_id, status=Status.ASSIGNED,
            priority=rng.choices(list(Priority), (1, 8, 1))[0],
            window_start=window, window_end=window + timedelta(hours=1),
            created_at=start - timedelta(hours=rng.randint(12, 40)),
            instructions="请携带电能表及封印,到达后先核对户号与表号。",
            new_meter_asset_no=new_meter.asset_no if new_meter else "",
            new_meter_address=new_meter.address if new_meter else ""))
    return orders
