package org.rpmpipeline.alerts.fhir;

/** A transaction did not reach the FHIR server or was refused; {@link #retriable()} says if a retry can help. */
public final class FhirDeliveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retriable;

    public FhirDeliveryException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
