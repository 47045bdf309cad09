//! Text helpers shared by the writers: estimated text widths (the layout cannot measure fonts,
//! so it assumes generous average glyph widths) and escaping for XML, DOT and Mermaid.

/// Average advance of a glyph of a state name (bold 13 px sans-serif), generous.
const NAME_CHAR: f64 = 7.8;
/// Average advance of a glyph of small text (11 px).
const SMALL_CHAR: f64 = 6.4;

/// Width in "narrow columns": East Asian wide characters and emoji count twice.
pub fn display_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 2.0 } else { 1.0 })
        .sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// Estimated width of a state name in pixels.
pub fn name_width(text: &str) -> f64 {
    display_width(text) * NAME_CHAR
}

/// Estimated width of small text (types, notes, labels) in pixels.
pub fn small_width(text: &str) -> f64 {
    display_width(text) * SMALL_CHAR
}

/// Escapes text for XML and HTML content and attribute values.
pub fn xml(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t') => s.push(' '),
            c => s.push(c),
        }
    }
    s
}

/// Escapes text for a double-quoted DOT string (a line break becomes `\n`).
pub fn dot(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            c if c.is_control() => s.push(' '),
            c => s.push(c),
        }
    }
    s
}

/// Escapes text for a double-quoted Mermaid label: characters Mermaid would read as syntax or
/// HTML become its `#…;` entity codes.
pub fn mermaid(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => s.push_str("#35;"),
            '"' => s.push_str("#quot;"),
            '&' => s.push_str("#amp;"),
            '<' => s.push_str("#lt;"),
            '>' => s.push_str("#gt;"),
            '`' => s.push_str("#96;"),
            '|' => s.push_str("#124;"),
            c if c.is_control() => s.push(' '),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            xml(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
        assert_eq!(dot("say \"hi\"\\\nbye"), "say \\\"hi\\\"\\\\\\nbye");
        assert_eq!(
            mermaid("a \"b\" #1 <c> & |d|"),
            "a #quot;b#quot; #35;1 #lt;c#gt; #amp; #124;d#124;"
        );
        assert_eq!(display_width("ab注文"), 6.0);
    }
}
