package dev.aftermath.template;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.tools.generic.EscapeTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Renders the Velocity templates under {@code templates/}. When the configured templates directory exists (the
 * project's own {@code templates/} when run from the source tree, or {@code AFTERMATH_TEMPLATES_DIR}) it is read on
 * every render, so a process owner's edit takes effect without a rebuild; otherwise the packaged copy is used.
 * <p>
 * A mail template defines three blocks: {@code #define($subject)}, {@code #define($html)} and {@code #define($text)}.
 * In the HTML block every inserted value is HTML-escaped (see {@link HtmlEscapingHandler}).
 */
@Component
public class Templates {

    private static final Logger LOG = LoggerFactory.getLogger(Templates.class);

    private final Properties properties;
    /** Made at the first render, not at start-up (issue 24: ~190 classes and the macro library off the start). */
    private volatile VelocityEngine engine;
    private volatile MarkdownHtml markdown;

    public Templates(@Value("${aftermath.templates.dir:templates}") String dir) {
        Properties p = new Properties();
        Path path = Path.of(dir).toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            p.setProperty(RuntimeConstants.RESOURCE_LOADERS, "file,class");
            p.setProperty("resource.loader.file.class",
                    "org.apache.velocity.runtime.resource.loader.FileResourceLoader");
            p.setProperty("resource.loader.file.path", path.toString());
            p.setProperty("resource.loader.file.cache", "false");
            LOG.info("Templates are read from {}", path);
        } else {
            p.setProperty(RuntimeConstants.RESOURCE_LOADERS, "class");
            LOG.info("Templates are read from the classpath (no directory {})", path);
        }
        p.setProperty("resource.loader.class.class", ClasspathTemplatesLoader.class.getName());
        p.setProperty("resource.loader.class.cache", "true");
        p.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        p.setProperty(RuntimeConstants.VM_LIBRARY, "macros.vm");
        p.setProperty(RuntimeConstants.VM_LIBRARY_AUTORELOAD, "true");
        p.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "false");
        p.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        p.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, RecordUberspect.class.getName());
        this.properties = p;
    }

    private VelocityEngine engine() {
        VelocityEngine e = engine;
        if (e == null) {
            synchronized (this) {
                e = engine;
                if (e == null) {
                    e = new VelocityEngine(properties);
                    e.init();
                    engine = e;
                }
            }
        }
        return e;
    }

    private MarkdownHtml markdown() {
        MarkdownHtml m = markdown;
        if (m == null) {
            m = new MarkdownHtml();
            markdown = m;
        }
        return m;
    }

    /** Renders a mail template ({@code mail/<name>.vm}) into subject, HTML body (escaped) and plain-text body. */
    public MailContent mail(String name, Map<String, ?> model) {
        String file = "mail/" + name + ".vm";
        Template template = engine().getTemplate(file, "UTF-8");

        VelocityContext htmlContext = context(model);
        EventCartridge cartridge = new EventCartridge();
        cartridge.addEventHandler(new HtmlEscapingHandler());
        cartridge.attachToContext(htmlContext);
        template.merge(htmlContext, new StringWriter());
        String html = block(htmlContext, "html", file);

        VelocityContext textContext = context(model);
        template.merge(textContext, new StringWriter());
        String subject = block(textContext, "subject", file).replaceAll("\\s+", " ").trim();
        String text = block(textContext, "text", file).strip() + "\n";
        return new MailContent(subject, html, text);
    }

    public boolean mailExists(String name) {
        return engine().resourceExists("mail/" + name + ".vm");
    }

    /** Whether a template file (relative to the templates folder, e.g. {@code chat/task/default.vm}) exists. */
    public boolean exists(String file) {
        return engine().resourceExists(file);
    }

    /** Renders a whole HTML page or document with every inserted value escaped. */
    public String html(String file, Map<String, ?> model) {
        VelocityContext context = context(model);
        EventCartridge cartridge = new EventCartridge();
        cartridge.addEventHandler(new HtmlEscapingHandler());
        cartridge.attachToContext(context);
        StringWriter out = new StringWriter();
        engine().getTemplate(file, "UTF-8").merge(context, out);
        return out.toString();
    }

    /** Renders a plain-text template (Markdown, iCalendar) without HTML escaping. */
    public String text(String file, Map<String, ?> model) {
        StringWriter out = new StringWriter();
        engine().getTemplate(file, "UTF-8").merge(context(model), out);
        return out.toString();
    }

    /** Renders a plain-text template and answers its {@code #define($name)} blocks, stripped (e.g. iCalendar texts). */
    public Map<String, String> textBlocks(String file, Map<String, ?> model, String... names) {
        VelocityContext context = context(model);
        engine().getTemplate(file, "UTF-8").merge(context, new StringWriter());
        Map<String, String> blocks = new java.util.LinkedHashMap<>();
        for (String name : names) {
            blocks.put(name, block(context, name, file).strip());
        }
        return blocks;
    }

    private VelocityContext context(Map<String, ?> model) {
        VelocityContext context = new VelocityContext();
        context.put("esc", new EscapeTool());
        context.put("md", new MarkdownText());
        context.put("markdown", markdown());
        model.forEach(context::put);
        return context;
    }

    private static String block(VelocityContext context, String name, String file) {
        Object value = context.get(name);
        if (value == null) {
            throw new IllegalStateException("Template " + file + " defines no #define($" + name + ") block");
        }
        return value.toString();
    }

    public record MailContent(String subject, String html, String text) {
    }
}
