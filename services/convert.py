"""Stored dossiers to grants' domain types and back."""

from __future__ import annotations

from grants.dossier import Cofunder, Collectivite, Dossier, Line, Person, Project, School
from models import CofunderRecord, DossierRecord, LineRecord, SchoolRecord


def to_domain(rec: DossierRecord) -> Dossier:
    """The dossier as the rules read it."""
    return Dossier(
        call=rec.call_id,
        collectivite=Collectivite(
            kind=rec.kind,
            name=rec.name,
            siret=rec.siret,
            insee=rec.insee,
            departement=rec.departement,
            population=rec.population,
            vat_recovered=rec.vat_recovered,
            representative=Person(name=rec.rep_name, title=rec.rep_title),
            contact=Person(name=rec.contact_name, email=rec.contact_email, phone=rec.contact_phone),
            seat_commune=(rec.seat_commune or "").strip(),
        ),
        schools=[
            School(
                s.uai, s.name, s.kind, s.sector, s.classes, s.pupils, dict(s.inventory or {}), s.commune or ""
            )
            for s in rec.schools
        ],
        lines=[
            Line(
                ln.school_uai,
                ln.category,
                ln.label,
                ln.quantity,
                ln.unit_price_ht,
                ln.vat_rate,
                ln.duration_months,
            )
            for ln in rec.lines
        ],
        cofunding=[Cofunder(f.funder, f.kind, f.amount, f.status, f.rate, f.base) for f in rec.cofunders],
        project=Project(rec.summary, rec.pedagogy, rec.ien, rec.concertation),
    )


def fill_record(rec: DossierRecord, d: Dossier) -> None:
    """Write a domain dossier's content into a (new) record."""
    c = d.collectivite
    rec.call_id = d.call
    rec.kind, rec.name, rec.siret, rec.insee = c.kind, c.name, c.siret, c.insee
    rec.departement, rec.population, rec.vat_recovered = c.departement, c.population, c.vat_recovered
    rec.rep_name, rec.rep_title = c.representative.name, c.representative.title
    rec.contact_name, rec.contact_email, rec.contact_phone = c.contact.name, c.contact.email, c.contact.phone
    rec.summary, rec.pedagogy = d.project.summary, d.project.pedagogy
    rec.ien, rec.concertation = d.project.ien, d.project.concertation
    rec.schools = [
        SchoolRecord(
            position=i,
            uai=s.uai,
            name=s.name,
            kind=s.kind,
            sector=s.sector,
            classes=s.classes,
            pupils=s.pupils,
            inventory=dict(s.inventory),
            commune=s.commune,
        )
        for i, s in enumerate(d.schools)
    ]
    rec.lines = [
        LineRecord(
            position=i,
            school_uai=ln.school,
            category=ln.category,
            label=ln.label,
            quantity=ln.quantity,
            unit_price_ht=ln.unit_price_ht,
            vat_rate=ln.vat_rate,
            duration_months=ln.duration_months,
        )
        for i, ln in enumerate(d.lines)
    ]
    rec.cofunders = [
        CofunderRecord(
            position=i,
            funder=f.funder,
            kind=f.kind,
            amount=f.amount,
            status=f.status,
            rate=f.rate,
            base=f.base,
        )
        for i, f in enumerate(d.cofunding)
    ]
