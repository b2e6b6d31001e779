package org.rpmpipeline.alerts.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;

/**
 * HAPI's R4 instance validator over the base definitions and the R4 vital-signs profiles: like the HL7 validator,
 * it applies the specific vital-signs profile an Observation's LOINC code implies (heart rate, oxygen saturation,
 * blood pressure ...) whatever profile the Observation claims. References are not resolved (a unit test has no
 * server). Slow to build, so tests build it once per class.
 */
public final class ValidatorHolder {
    private final FhirValidator validator;

    public ValidatorHolder() {
        FhirContext ctx = Fhir.context();
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(ctx),
                new SnapshotGeneratingValidationSupport(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        instanceValidator.setValidatorPolicyAdvisor(
                new BasePolicyAdvisorForFullValidation(ReferenceValidationPolicy.IGNORE));
        instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Warning);
        validator = ctx.newValidator();
        validator.registerValidatorModule(instanceValidator);
    }

    /** Error and fatal messages for {@code resource}; empty when it is valid. */
    public List<String> errors(IBaseResource resource) {
        return messages(resource, ResultSeverityEnum.ERROR);
    }

    /** Warnings, errors and fatal messages for {@code resource}. */
    public List<String> warnings(IBaseResource resource) {
        return messages(resource, ResultSeverityEnum.WARNING);
    }

    private List<String> messages(IBaseResource resource, ResultSeverityEnum atLeast) {
        ValidationResult result = validator.validateWithResult(resource);
        return result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= atLeast.ordinal())
                .map(ValidatorHolder::describe).toList();
    }

    private static String describe(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }
}
