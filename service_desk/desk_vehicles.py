"""Desk questions about one vehicle: what its VIN says, what its warranty covers, its next service."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from service_desk import labels, vins
from service_desk.coverage import Coverage, coverage
from service_desk.desk_base import (
    DeskBase,
    DeskError,
    VehicleInfo,
    check_mileage,
)
from service_desk.maintenance import Schedule, next_service
from service_desk.understanding import match_name
from storage.models import Vehicle
from storage.repositories import desk


class VehicleQuestions(DeskBase):
    """A vehicle: its VIN, its warranty, its next service."""

    def vehicle(self, conversation_id: str, vin_text: str) -> VehicleInfo:
        today = self._now().date()
        try:
            decoded = vins.decode(vin_text, today)
        except vins.VinError as error:
            raise DeskError(422, error.reason) from error
        with self.sessions() as session:
            self._find(session, conversation_id)
            row = desk.vehicle(session, decoded.vin)
            if row is not None:
                model = desk.vehicle_model(session, row.model_code)
                return VehicleInfo(
                    vin=row.vin,
                    known=True,
                    model_code=row.model_code,
                    model_name=f"{model.make} {model.name}" if model else row.model_code,
                    sale_date=row.sale_date,
                    market=row.market,
                    manufacturer=decoded.manufacturer or (model.make if model else None),
                    model_year=decoded.model_year,
                )
        return VehicleInfo(decoded.vin, False, None, None, None, None, decoded.manufacturer, decoded.model_year)

    def match_model(self, text: str) -> tuple[str, str]:
        with self.sessions() as session:
            models = desk.vehicle_models(session)
        # Not the bare name: "Seal" is also a door seal. The seed lists the safe short forms as aliases.
        aliases = {m.code: [f"{m.make} {m.name}", *m.aliases] for m in models}
        code = match_name(text, aliases)
        if code is None:
            raise DeskError(404, "unknown_model", models=", ".join(f"{m.make} {m.name}" for m in models))
        model = next(m for m in models if m.code == code)
        return model.code, f"{model.make} {model.name}"

    # -- coverage ---------------------------------------------------------------------

    def _start_and_model(
        self, session: Session, vin: str | None, model_code: str | None, purchase: date | None
    ) -> tuple[Vehicle | None, str, date]:
        vehicle = desk.vehicle(session, vins.validate(vin)) if vin else None
        if vehicle is not None:
            return vehicle, vehicle.model_code, vehicle.sale_date
        if model_code is None or purchase is None:
            raise DeskError(422, "need_model_and_date")
        if purchase > self._now().date():
            raise DeskError(422, "date_in_future")
        return None, model_code, purchase

    def coverage(
        self,
        conversation_id: str,
        language: str,
        mileage_km: int,
        vin: str | None = None,
        model_code: str | None = None,
        purchase: date | None = None,
    ) -> dict[str, object]:
        check_mileage(mileage_km)
        today = self._now().date()
        with self.sessions() as session:
            found = self._find(session, conversation_id)
            vehicle, code, start = self._start_and_model(session, vin, model_code, purchase)
            model = desk.vehicle_model(session, code)
            if model is None:
                raise DeskError(404, "unknown_model")
            market = self.market_of(session, found, vehicle, None)
            policy = self._policy(session, code, market)
            result = coverage(policy, start, mileage_km, today)
            names = desk.item_names(session, [*result.exclusions, *(p.part for p in result.parts)])
        return {
            "model": f"{model.make} {model.name}",
            "start": labels.format_date(start, language),
            "mileage": labels.format_km(mileage_km, language),
            "lines": self._coverage_lines(result, names, language),
            "exclusions": labels.join(labels.item_name(names, code, language) for code in result.exclusions),
            "anything_covered": result.anything_covered,
            "market": market,
        }

    def _coverage_lines(self, result: Coverage, names: dict[str, dict[str, str]], language: str) -> str:
        lines = []
        for part in result.parts:
            name = labels.item_name(names, part.part, language)
            until = labels.format_date(part.until, language)
            if part.covered and part.until_km is not None:
                template = "desk_coverage_covered_km"
            elif part.covered:
                template = "desk_coverage_covered"
            else:
                template = f"desk_coverage_ended_{part.ended_by}"
            lines.append(
                self._line(
                    template,
                    language,
                    part=name,
                    until=until,
                    km=labels.format_km(part.until_km or 0, language),
                    km_left=labels.format_km(part.km_left or 0, language),
                )
            )
        if result.battery_capacity_pct and result.part("battery") is not None:
            lines.append(self._line("desk_coverage_battery_capacity", language, percent=result.battery_capacity_pct))
        return "\n".join(line for line in lines if line)

    # -- maintenance ------------------------------------------------------------------

    def maintenance(
        self,
        conversation_id: str,
        language: str,
        mileage_km: int | None,
        vin: str | None = None,
        model_code: str | None = None,
    ) -> dict[str, object]:
        if mileage_km is not None:
            check_mileage(mileage_km)
        today = self._now().date()
        with self.sessions() as session:
            self._find(session, conversation_id)
            vehicle = desk.vehicle(session, vins.validate(vin)) if vin else None
            code = vehicle.model_code if vehicle is not None else model_code
            if code is None:
                raise DeskError(422, "need_model")
            model = desk.vehicle_model(session, code)
            row = desk.schedule(session, code)
            if model is None or row is None:
                raise DeskError(404, "no_schedule")
            schedule = Schedule(
                code,
                row.interval_km,
                row.interval_months,
                tuple((int(v["every"]), tuple(v["items"])) for v in row.visits),
            )
            start = vehicle.sale_date if vehicle is not None else None
            if mileage_km is None and start is None:
                raise DeskError(422, "need_mileage")
            due = next_service(schedule, today, mileage_km, start)
            names = desk.item_names(session, list(due.items))
        when = []
        if due.due_km is not None:
            when.append(self._line("desk_service_at_km", language, km=labels.format_km(due.due_km, language)))
        if due.due_date is not None:
            when.append(self._line("desk_service_by_date", language, date=labels.format_date(due.due_date, language)))
        return {
            "model": f"{model.make} {model.name}",
            "when": f" {self._line('desk_whichever_first', language)} ".join(when),
            "items": labels.join(labels.item_name(names, item, language) for item in due.items),
            "interval": self._line(
                "desk_service_interval",
                language,
                km=labels.format_km(schedule.interval_km, language),
                months=schedule.interval_months,
            ),
            "soon": due.soon,
        }
