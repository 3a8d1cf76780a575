"""``db.driver_execute``: a prebuilt statement given straight to SQLite's driver stores
exactly what SQLAlchemy would have stored, and listeners still hear it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    event,
    insert,
    select,
    update,
)

from westcc_voice.db import driver_execute, make_engine

metadata = MetaData()
things = Table("things", metadata, Column("id", Integer, primary_key=True),
               Column("name", String), Column("on", Date), Column("data", JSON),
               Column("count", Integer, default=0))
ADD = (insert(things).values(name=bindparam("name"), on=bindparam("on"),
                             data=bindparam("data"), count=0).returning(things.c.id))
BUMP = (update(things).where(things.c.id == bindparam("thing"))
        .values(count=things.c.count + 1))


def test_rows_written_through_the_driver_match_sqlalchemys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'd.sqlite'}")
    metadata.create_all(engine)
    heard: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_rest: heard.append(statement.split()[0]))
    values = {"name": "Ünïcode", "on": dt.date(2026, 12, 4),
              "data": {"answer": "I like the park", "scores": [1, 2], "none": None}}
    with engine.begin() as connection:
        [by_driver] = driver_execute(connection, ADD, values)
        by_sqlalchemy = connection.execute(ADD, values).scalar()
        assert driver_execute(connection, BUMP, {"thing": by_driver}) is None
        driver_execute(connection, BUMP, {"thing": by_driver})
        connection.execute(BUMP, {"thing": by_sqlalchemy})
        connection.execute(BUMP, {"thing": by_sqlalchemy})
    assert (by_driver, by_sqlalchemy) == (1, 2)
    assert heard == ["INSERT", "INSERT", "UPDATE", "UPDATE", "UPDATE", "UPDATE"]
    with engine.connect() as connection:
        # what SQLite holds, byte for byte: the date as text, the JSON as its text
        raw = connection.exec_driver_sql(
            'SELECT name, "on", typeof("on"), data, count FROM things ORDER BY id').all()
        read = connection.execute(select(things.c.on, things.c.data)).all()
    assert raw[0] == raw[1] and raw[0][1:3] == ("2026-12-04", "text") and raw[0][4] == 2
    assert read[0] == read[1] == (values["on"], values["data"])
    engine.dispose()
