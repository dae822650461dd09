package dev.aperture.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import gg.jte.output.Utf8ByteOutput;
import java.util.Map;

/** The jte templates of src/main/jte, compiled to classes at build time. */
final class Templates {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }

    /**
     * The page as the UTF-8 bytes that are sent: rendering into a String first cost a growing char buffer, its
     * copy into the String and the String's encoding again (about a fifth of a page's allocation, from JFR).
     */
    byte[] renderBytes(String template, Map<String, Object> params) {
        return renderOutput(template, params).toByteArray();
    }

    /** The page as UTF-8 bytes in jte's chunks, to be written out without copying them into one array first. */
    Utf8ByteOutput renderOutput(String template, Map<String, Object> params) {
        Utf8ByteOutput out = new Utf8ByteOutput();
        engine.render(template, params, out);
        return out;
    }
}
