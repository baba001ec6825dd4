package dev.feedline.metrics.boundary;

import dev.feedline.metrics.control.FeedlineMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Counts REST answers by status. */
@Provider
public class RequestMetricsFilter implements ContainerResponseFilter {
  @Inject FeedlineMetrics metrics;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    metrics.answered(response.getStatus());
  }
}
