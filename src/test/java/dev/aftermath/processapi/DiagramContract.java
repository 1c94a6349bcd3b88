package dev.aftermath.processapi;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Compares one diagram with its process-API class and lists every disagreement:
 * <ul>
 *   <li>the API's {@code KEY} is not the diagram's process id;</li>
 *   <li>an element id the API names is missing from the diagram;</li>
 *   <li>an element with Java behind it (a delegate, expression or class, an execution or task listener, a user
 *       task, a call activity, a message or signal event) is not declared in the API;</li>
 *   <li>a message of the diagram is not declared, or a declared message is not in the diagram;</li>
 *   <li>a variable the diagram reads in an expression (conditions, assignees, collections, timers, input mappings)
 *       is not declared as a {@link ProcessVariable} of the API.</li>
 * </ul>
 * The API class holds {@code KEY}, element ids as {@code String} constants of a nested class {@code Elements} (or,
 * for a file of several processes, of the nested class that carries the process's {@code KEY}), messages as
 * {@code MESSAGE*} constants and variables as {@code ProcessVariable} constants of a nested {@code Vars}.
 */
final class DiagramContract {

    private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(.*?)}");
    /** An identifier that starts a name, not a member access or a string. */
    private static final Pattern ROOT = Pattern.compile("(?<![.\\w'\"])([a-zA-Z_]\\w*)\\s*(\\.|\\(|)");
    private static final Set<String> EL_WORDS = Set.of("empty", "not", "and", "or", "eq", "ne", "lt", "gt", "le",
            "ge", "true", "false", "null", "execution", "task", "loopCounter", "nrOfInstances",
            "nrOfActiveInstances", "nrOfCompletedInstances", "S", "JSON", "div", "mod", "instanceof");
    private static final Set<String> BEHAVIOUR_TAGS = Set.of("userTask", "serviceTask", "sendTask", "scriptTask",
            "businessRuleTask", "callActivity", "receiveTask");

    private DiagramContract() {
    }

    /** Every disagreement between the diagram (a classpath resource) and the API class, empty when they agree. */
    static List<String> check(String resource, Class<?> api, Set<Class<?>> variableSources) throws Exception {
        Document doc = parse(resource);
        List<String> problems = new ArrayList<>();
        String key = constant(api, "KEY");
        Element process = processOf(doc, key);
        if (process == null) {
            problems.add(resource + ": no process with id '" + key + "' (" + api.getSimpleName() + ".KEY)");
            return problems;
        }
        Set<String> ids = new TreeSet<>();
        collectIds(process, ids);
        Set<String> declared = elementIds(api);
        for (String id : declared) {
            if (!ids.contains(id)) {
                problems.add(resource + ": " + api.getSimpleName() + " names element '" + id
                        + "', which the diagram lacks");
            }
        }
        for (String id : behaviourElements(process)) {
            if (!declared.contains(id)) {
                problems.add(resource + ": element '" + id + "' has Java behind it but " + api.getSimpleName()
                        + " does not declare it");
            }
        }
        Set<String> messages = new TreeSet<>();
        NodeList messageNodes = doc.getElementsByTagNameNS(BPMN, "message");
        for (int i = 0; i < messageNodes.getLength(); i++) {
            messages.add(((Element) messageNodes.item(i)).getAttribute("name"));
        }
        Set<String> declaredMessages = constantsStartingWith(api, "MESSAGE");
        for (String m : messages) {
            if (!declaredMessages.contains(m)) {
                problems.add(resource + ": message '" + m + "' is not declared in " + api.getSimpleName());
            }
        }
        for (String m : declaredMessages) {
            if (!messages.contains(m)) {
                problems.add(resource + ": " + api.getSimpleName() + " declares message '" + m
                        + "', which the diagram lacks");
            }
        }
        Set<String> variables = new LinkedHashSet<>();
        for (Class<?> source : variableSources) {
            variables.addAll(variableNames(source));
        }
        for (String name : variablesRead(process)) {
            if (!variables.contains(name)) {
                problems.add(resource + ": the diagram reads variable '" + name + "', which "
                        + api.getSimpleName() + " does not declare");
            }
        }
        return problems;
    }

    static Document parse(String resource) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = DiagramContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no diagram " + resource + " on the classpath");
            }
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static Element processOf(Document doc, String key) {
        NodeList processes = doc.getElementsByTagNameNS(BPMN, "process");
        for (int i = 0; i < processes.getLength(); i++) {
            Element p = (Element) processes.item(i);
            if (p.getAttribute("id").equals(key)) {
                return p;
            }
        }
        return null;
    }

    private static void collectIds(Element element, Set<String> ids) {
        if (!element.getAttribute("id").isEmpty()) {
            ids.add(element.getAttribute("id"));
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                collectIds(e, ids);
            }
        }
    }

    /** Flow elements whose behaviour lives in Java or in a form: these must be named in the API. */
    static Set<String> behaviourElements(Element process) {
        Set<String> result = new TreeSet<>();
        walk(process, e -> {
            if (!BPMN.equals(e.getNamespaceURI()) || e.getAttribute("id").isEmpty() || e == process) {
                return;
            }
            boolean behaviour = BEHAVIOUR_TAGS.contains(e.getLocalName()) && (e.getLocalName().equals("userTask")
                    || e.getLocalName().equals("callActivity") || e.getLocalName().equals("receiveTask")
                    || e.hasAttributeNS(CAMUNDA, "delegateExpression") || e.hasAttributeNS(CAMUNDA, "class")
                    || e.hasAttributeNS(CAMUNDA, "expression") || e.hasAttributeNS(CAMUNDA, "type"));
            behaviour |= hasDirectListener(e);
            behaviour |= hasChild(e, "messageEventDefinition") || hasChild(e, "signalEventDefinition");
            if (behaviour) {
                result.add(e.getAttribute("id"));
            }
        });
        return result;
    }

    private static boolean hasDirectListener(Element e) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element ext && "extensionElements".equals(ext.getLocalName())) {
                for (Node l = ext.getFirstChild(); l != null; l = l.getNextSibling()) {
                    if (l instanceof Element le && CAMUNDA.equals(le.getNamespaceURI())
                            && ("executionListener".equals(le.getLocalName())
                            || "taskListener".equals(le.getLocalName()))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean hasChild(Element e, String localName) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element ce && localName.equals(ce.getLocalName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Names the diagram reads as variables: roots of {@code ${...}} expressions that are not followed by a member
     * access or a call (those are beans), in conditions, timers, assignees, candidates, collections, loop conditions
     * and input/output mappings.
     */
    static Set<String> variablesRead(Element process) {
        Set<String> result = new TreeSet<>();
        walk(process, e -> {
            List<String> texts = new ArrayList<>();
            String local = e.getLocalName();
            if (Set.of("conditionExpression", "timeDate", "timeDuration", "timeCycle", "completionCondition",
                    "loopCardinality").contains(local)) {
                texts.add(e.getTextContent());
            }
            if (CAMUNDA.equals(e.getNamespaceURI()) && Set.of("inputParameter", "outputParameter")
                    .contains(local) && e.getElementsByTagNameNS("*", "*").getLength() == 0) {
                texts.add(e.getTextContent());
            }
            for (String attribute : List.of("assignee", "candidateUsers", "candidateGroups", "collection",
                    "dueDate", "followUpDate")) {
                if (e.hasAttributeNS(CAMUNDA, attribute)) {
                    texts.add(e.getAttributeNS(CAMUNDA, attribute));
                }
            }
            for (String text : texts) {
                Matcher expression = EXPRESSION.matcher(text);
                while (expression.find()) {
                    String body = expression.group(1).replaceAll("'[^']*'|\"[^\"]*\"", "''");
                    Matcher root = ROOT.matcher(body);
                    while (root.find()) {
                        String name = root.group(1);
                        if (!root.group(2).isEmpty() || EL_WORDS.contains(name)) {
                            continue;
                        }
                        result.add(name);
                    }
                }
            }
        });
        // the elementVariable of a multi-instance is declared by the diagram itself
        walk(process, e -> {
            if (e.hasAttributeNS(CAMUNDA, "elementVariable")) {
                result.remove(e.getAttributeNS(CAMUNDA, "elementVariable"));
            }
        });
        return result;
    }

    private static void walk(Element element, java.util.function.Consumer<Element> visitor) {
        visitor.accept(element);
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                walk(e, visitor);
            }
        }
    }

    // ------------------------------------------------------------------ the Java side

    static String constant(Class<?> type, String name) throws Exception {
        return (String) type.getField(name).get(null);
    }

    static Set<String> elementIds(Class<?> api) throws Exception {
        Set<String> ids = new TreeSet<>();
        for (Class<?> nested : api.getClasses()) {
            if (nested.getSimpleName().equals("Elements")) {
                ids.addAll(stringConstants(nested, ""));
            }
        }
        if (api.getEnclosingClass() != null) {
            // a nested process of a multi-process API (e.g. InsightsProcess.Weekly): ids beside its KEY
            for (Field f : api.getFields()) {
                if (isStringConstant(f) && !f.getName().equals("KEY") && !f.getName().startsWith("MESSAGE")) {
                    ids.add((String) f.get(null));
                }
            }
        }
        return ids;
    }

    static Set<String> constantsStartingWith(Class<?> api, String prefix) throws Exception {
        return stringConstants(api, prefix);
    }

    private static Set<String> stringConstants(Class<?> type, String prefix) throws Exception {
        Set<String> values = new TreeSet<>();
        for (Field f : type.getFields()) {
            if (isStringConstant(f) && f.getName().startsWith(prefix)) {
                values.add((String) f.get(null));
            }
        }
        return values;
    }

    private static boolean isStringConstant(Field f) {
        return Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers())
                && f.getType() == String.class;
    }

    /** The names of the {@link ProcessVariable} constants of a class and its nested classes. */
    static Set<String> variableNames(Class<?> type) throws Exception {
        Set<String> names = new TreeSet<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ProcessVariable.class) {
                names.add(((ProcessVariable<?>) f.get(null)).name());
            }
        }
        for (Class<?> nested : type.getClasses()) {
            names.addAll(variableNames(nested));
        }
        return names;
    }
}
