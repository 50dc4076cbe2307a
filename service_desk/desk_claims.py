"""Desk questions about warranty claims: open one (once per message), find a customer's, read a defect."""

from __future__ import annotations

from service_desk import claims, labels, vins
from service_desk.coverage import coverage
from service_desk.desk_base import (
    DeskBase,
    DeskError,
    check_mileage,
)
from service_desk.symptoms import classify
from service_desk.understanding import find_reference
from storage.repositories import desk


class ClaimQuestions(DeskBase):
    """Claims: opened once per customer message, found only for their owner or by reference."""

    def open_claim(
        self,
        conversation_id: str,
        language: str,
        vin_text: str,
        mileage_km: int,
        symptom: str,
        request_key: str | None = None,
    ) -> dict[str, object]:
        check_mileage(mileage_km)
        try:
            vin = vins.validate(vin_text)
        except vins.VinError as error:
            raise DeskError(422, error.reason) from error
        if not symptom.strip():
            raise DeskError(422, "empty_symptom")
        now = self._now()
        with self.sessions.begin() as session:
            found = self._find(session, conversation_id)
            earlier = desk.request_result(session, request_key) if request_key else None
            if earlier is not None:
                return earlier  # the turn was retried: the claim was opened the first time
            vehicle = desk.vehicle(session, vin)
            result = None
            if vehicle is not None:
                try:
                    result = coverage(
                        self._policy(session, vehicle.model_code, vehicle.market),
                        vehicle.sale_date,
                        mileage_km,
                        now.date(),
                    )
                except DeskError:
                    result = None
            opened = claims.open_claim(
                session,
                conversation=found.conversation,
                vin=vin,
                vehicle=vehicle,
                mileage_km=mileage_km,
                symptom_text=symptom.strip(),
                language=language,
                result=result,
                now=now,
            )
            reference, stage = opened.claim.reference, opened.claim.stage
            answer: dict[str, object] = {
                "reference": reference,
                "linked": opened.linked,
                "stage": stage,
                "stage_name": self._line(f"desk_stage_{stage}", language),
                "photos": opened.photos,
                "handoff_priority": None if opened.handoff is None else int(opened.handoff[0]),
                "handoff_reason": None
                if opened.handoff is None
                else f"warranty claim {reference}: {opened.handoff[1]}",
            }
            if request_key:
                desk.record_request(session, request_key, answer, now)
        return answer

    def claim_status(self, conversation_id: str, language: str, text: str, vin: str | None) -> list[dict[str, object]]:
        """The claim a reference in `text` names, else the customer's own.

        The customer's own: the claims they opened, and the claims of the vehicles the
        registry gives their WhatsApp number. A VIN typed by anyone finds nothing more:
        a VIN is written on a windscreen, it proves no ownership. A reference is what the
        customer was given to quote, so it finds its claim; the VIN is shown cut to its
        last six characters.
        """
        reference = find_reference(text, "WC") if text else None
        with self.sessions() as session:
            found = self._find(session, conversation_id)
            if reference is not None:
                claim = desk.claim_by_reference(session, reference)
                if claim is None:
                    raise DeskError(404, "unknown_claim", reference=reference)
                rows = [claim]
            else:
                owned: list[str] = []
                if found.customer.channel == "whatsapp" and found.customer.external_id.isdigit():
                    owned = [v.vin for v in desk.vehicles_of_phone(session, found.customer.external_id)]
                rows = desk.claims_of_customer(session, found.customer.id, owned)
            views = []
            for claim in rows:
                history = [
                    self._line(
                        "desk_stage_line",
                        language,
                        stage=self._line(f"desk_stage_{stage}", language),
                        date=labels.format_date(day, language),
                    )
                    for stage, day in claims.stage_dates(session, claim)
                ]
                views.append(
                    {
                        "reference": claim.reference,
                        "stage": claim.stage,
                        "stage_name": self._line(f"desk_stage_{claim.stage}", language),
                        "history": "\n".join(history),
                        "vin": "…" + claim.vin[-6:],
                    }
                )
        return views

    def symptom(self, text: str) -> dict[str, object]:
        found = classify(text)
        return {"categories": list(found.categories), "safety": found.safety, "part": found.part}
