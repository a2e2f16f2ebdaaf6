package setting

import (
	"errors"
	"fmt"
	"strings"
)

// Name is a setting by its library's name, as an argument of Errorf,
// Textf or Bad: it reads as that name, or as the command calls it once
// rendered. Format it with %v or %s.
type Name string

func (n Name) String() string { return string(n) }

func (n Name) render(names map[string]string) string {
	if s, ok := names[string(n)]; ok {
		return s
	}
	return string(n)
}

// Either names several settings as one choice, "N, Steps or Out" (with
// a command's names, "-n, -steps or -o"): what to change, say.
func Either(names ...string) Text {
	return Text{format: "%v", args: []any{either(names)}}
}

type either []string

func (e either) String() string { return e.render(nil) }

func (e either) render(names map[string]string) string {
	s := make([]string, len(e))
	for i, n := range e {
		s[i] = Name(n).render(names)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// Text is a phrase that may name settings, made by Textf or Either and
// rendered with the command's names as part of an error that holds it.
// The zero Text is empty.
type Text struct {
	format string
	args   []any
}

// Textf is the Text of format and args, as fmt formats them; arguments
// of type Name, Text and error are rendered when the text is (see
// Errorf).
func Textf(format string, args ...any) Text { return Text{format: format, args: args} }

// IsEmpty reports whether t reads as nothing.
func (t Text) IsEmpty() bool { return t.format == "" }

func (t Text) String() string { return t.render(nil) }

// render formats t with its arguments rendered: a setting's names and
// texts as strings, an error as an error of its rendered text, so that
// %w keeps working.
func (t Text) render(names map[string]string) string {
	if t.format == "" {
		return ""
	}
	args := make([]any, len(t.args))
	for i, a := range t.args {
		switch a := a.(type) {
		case error:
			args[i] = errors.New(renderText(a, names))
		case renderer:
			args[i] = a.render(names)
		default:
			args[i] = a
		}
	}
	return fmt.Errorf(t.format, args...).Error()
}

// Errorf is fmt.Errorf for a message that names settings: arguments of
// type Name (a setting), Text (Either's list of them) and error are kept
// and rendered when the message is, with a command's names. %w wraps an
// error as fmt.Errorf does (errors.Is and errors.As see it), but its text
// is rendered with the message, not fixed when Errorf is called.
func Errorf(format string, args ...any) error {
	return &message{Textf(format, args...)}
}

// message is an error of Errorf.
type message struct{ text Text }

func (m *message) Error() string { return m.text.String() }

func (m *message) render(names map[string]string) string { return m.text.render(names) }

// Unwrap is the errors m's format wraps with %w, in order.
func (m *message) Unwrap() []error {
	var errs []error
	verbs := wrapVerbs(m.text.format)
	for i, a := range m.text.args {
		if err, ok := a.(error); ok && i < len(verbs) && verbs[i] {
			errs = append(errs, err)
		}
	}
	return errs
}

// wrapVerbs reports, for each verb of format in order, whether it is %w.
// Flags, widths and precisions are skipped; explicit argument indexes
// are not supported (none of Errorf's callers use them).
func wrapVerbs(format string) []bool {
	var verbs []bool
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.*", format[i]) >= 0 {
			if format[i] == '*' {
				verbs = append(verbs, false) // a width or precision taken from the arguments
			}
			i++
		}
		if i < len(format) && format[i] != '%' {
			verbs = append(verbs, format[i] == 'w')
		}
	}
	return verbs
}
