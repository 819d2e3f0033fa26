package io.chaperone.report;

import io.quarkus.qute.TemplateData;

/** Value resolvers for templates/report.html, generated at build time (no reflection at render time). */
@TemplateData(target = SessionReport.class)
@TemplateData(target = SessionReport.Closed.class)
@TemplateData(target = SessionReport.Ticket.class)
@TemplateData(target = SessionReport.Party.class)
@TemplateData(target = SessionReport.Template.class)
@TemplateData(target = SessionReport.Timeline.class)
@TemplateData(target = SessionReport.Device.class)
@TemplateData(target = SessionReport.Command.class)
@TemplateData(target = SessionReport.Denial.class)
@TemplateData(target = SessionReport.EscalationLine.class)
@TemplateData(target = SessionReport.Change.class)
@TemplateData(target = SessionReport.Privacy.class)
@TemplateData(target = SessionReport.Flag.class)
@TemplateData(target = SessionReport.Risk.class)
@TemplateData(target = SessionReport.ResolveOffer.class)
@TemplateData(target = SessionReport.Factor.class)
@TemplateData(target = ReportPage.class)
final class ReportTemplateData {

    private ReportTemplateData() {
    }
}
