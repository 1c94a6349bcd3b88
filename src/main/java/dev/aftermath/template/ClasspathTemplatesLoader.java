package dev.aftermath.template;

import java.io.Reader;

import org.apache.velocity.exception.ResourceNotFoundException;
import org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader;

/** Loads templates packaged in the jar under {@code templates/} (the fallback when no templates directory exists). */
public class ClasspathTemplatesLoader extends ClasspathResourceLoader {
    @Override
    public Reader getResourceReader(String name, String encoding) throws ResourceNotFoundException {
        return super.getResourceReader("templates/" + name, encoding);
    }
}
