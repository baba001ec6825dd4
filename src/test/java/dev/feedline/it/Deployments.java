package dev.feedline.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archive Arquillian deploys: the WAR the build just packaged, exactly as it ships. */
public final class Deployments {
  private Deployments() {}

  public static WebArchive feedline() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("feedline.it.war")));
  }
}
