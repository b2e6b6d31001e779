package org.rpmpipeline.alerts.fhir;

import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * The short generated narrative of the resources a person reads (DetectedIssue, RiskAssessment, Communication,
 * evidence placeholders; R4 dom-6: a resource should have a narrative), built as an XHTML node rather than parsed
 * from markup. Observations, Patients and Devices carry none (docs/contract.md, "FHIR R4").
 */
public final class Narratives {
    static final String XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml";

    private Narratives() {
    }

    /** A {@code generated} narrative of one line of plain text (escaped when encoded). */
    public static Narrative generated(String text) {
        XhtmlNode div = new XhtmlNode(NodeType.Element, "div");
        div.setAttribute("xmlns", XHTML_NAMESPACE);
        div.addText(text);
        Narrative narrative = new Narrative();
        narrative.setStatus(Narrative.NarrativeStatus.GENERATED);
        narrative.setDiv(div);
        return narrative;
    }
}
