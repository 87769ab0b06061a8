package io.quiver.webconsole.impl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser submits for one generated form left as rendered: every named input with its value, every
 * select with its selected option. Knows only the markup {@link AttributeForms} writes.
 */
final class FormFields {

    private static final Pattern INPUT = Pattern.compile("<input name=\"([^\"]+)\"[^>]*? value=\"([^\"]*)\"|<input type='hidden' name='([^']+)' value=\"([^\"]*)\"");
    private static final Pattern SELECT = Pattern.compile("<select name=\"([^\"]+)\".*?</select>");
    private static final Pattern SELECTED = Pattern.compile("<option value='([^']*)' selected>");

    private FormFields() {
    }

    /** The fields of the first form in {@code html}, in document order of each kind; a mutable map. */
    static Map<String, String> of(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(html);
        while (input.find()) {
            fields.put(unescape(input.group(1) != null ? input.group(1) : input.group(3)),
                    unescape(input.group(1) != null ? input.group(2) : input.group(4)));
        }
        Matcher select = SELECT.matcher(html);
        while (select.find()) {
            Matcher option = SELECTED.matcher(select.group());
            fields.put(unescape(select.group(1)), option.find() ? option.group(1) : "");
        }
        return fields;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
