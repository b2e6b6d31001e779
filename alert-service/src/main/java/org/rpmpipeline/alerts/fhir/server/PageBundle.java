package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One page of a search for HAPI's offset paging: the page's resources, the total number of matches, and where
 * the page starts, so HAPI writes {@code total} and the {@code next}/{@code previous} links ({@code _offset},
 * {@code _count}) itself. Searches are not stored: a link is answered by searching again.
 */
final class PageBundle implements IBundleProvider {
    private final List<IBaseResource> page;
    private final int total;
    private final int offset;
    private final int pageSize;
    private final InstantType published = InstantType.withCurrentTime();

    PageBundle(List<IBaseResource> page, int total, int offset, int pageSize) {
        this.page = page;
        this.total = total;
        this.offset = offset;
        this.pageSize = pageSize;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Override
    public List<IBaseResource> getResources(int from, int to) {
        // the page is already cut out; HAPI asks for it from 0
        return page.subList(Math.min(from, page.size()), Math.min(to, page.size()));
    }

    @Override
    public Integer getCurrentPageOffset() {
        return offset;
    }

    @Override
    public Integer getCurrentPageSize() {
        return pageSize;
    }

    @Override
    public String getUuid() {
        return null;
    }

    @Override
    public Integer preferredPageSize() {
        return pageSize;
    }

    @Override
    public Integer size() {
        return total;
    }
}
