package setting

import "strings"

// renderer is a value of this package whose text names settings.
type renderer interface {
	render(names map[string]string) string
}

// Render is err as the user reads it: every setting it names, however
// deeply wrapped (see the package's doc for the wrappers it sees
// through), called what names calls it, a command's map from its
// libraries' names to its flags. The result wraps err, so errors.Is and
// errors.As find in it what they find in err; it is err itself when
// rendering changes nothing, and nil for nil.
func Render(err error, names map[string]string) error {
	if err == nil {
		return nil
	}
	text := renderText(err, names)
	if text == err.Error() {
		return err
	}
	return &rendered{text: text, err: err}
}

// rendered is an error of Render: its text, and what it was made from.
type rendered struct {
	text string
	err  error
}

func (r *rendered) Error() string { return r.text }
func (r *rendered) Unwrap() error { return r.err }

// renderText is the text of err with the settings it names rendered:
// this package's errors render themselves; a wrapper that adds no words
// to the error (or, as errors.Join, the lines of the errors) it wraps is
// seen through; any other error reads as it always does.
func renderText(err error, names map[string]string) string {
	if r, ok := err.(renderer); ok {
		return r.render(names)
	}
	text := err.Error()
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		if in := u.Unwrap(); in != nil && in.Error() == text {
			return renderText(in, names)
		}
	case interface{ Unwrap() []error }:
		var errs []error
		for _, in := range u.Unwrap() {
			if in != nil {
				errs = append(errs, in)
			}
		}
		lines := make([]string, len(errs))
		for i, in := range errs {
			lines[i] = in.Error()
		}
		if len(errs) > 0 && strings.Join(lines, "\n") == text {
			for i, in := range errs {
				lines[i] = renderText(in, names)
			}
			return strings.Join(lines, "\n")
		}
	}
	return text
}
