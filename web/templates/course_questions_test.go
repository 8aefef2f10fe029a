package templates

import (
	"regexp"
	"strings"
	"testing"
)

var questionIDPattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// Every section carries its check-yourself questions, and each question is
// well formed: a stable ID, three or four distinct choices, exactly one
// answer index in range and an explanation.
func TestCourseQuestions(t *testing.T) {
	secs := CourseSections()
	sectionIDs := map[string]bool{}
	texts := map[string]string{} // question text -> "section/id" where first seen
	for _, s := range secs {
		sectionIDs[s.ID] = true
		if len(s.Questions) < 3 {
			t.Errorf("section %q has %d questions, want at least 3", s.ID, len(s.Questions))
		}
		ids := map[string]bool{}
		for i, q := range s.Questions {
			where := s.ID + "/" + q.ID
			if !questionIDPattern.MatchString(q.ID) {
				t.Errorf("section %q question %d: ID %q does not match %s", s.ID, i, q.ID, questionIDPattern)
			}
			if ids[q.ID] {
				t.Errorf("section %q: question ID %q is not unique", s.ID, q.ID)
			}
			ids[q.ID] = true

			text := strings.TrimSpace(q.Text)
			if text == "" {
				t.Errorf("%s: empty question text", where)
			} else if prev, ok := texts[text]; ok {
				t.Errorf("%s: question text repeats %s: %q", where, prev, text)
			} else {
				texts[text] = where
			}

			if n := len(q.Choices); n < 3 || n > 4 {
				t.Errorf("%s: %d choices, want 3 or 4", where, n)
			}
			seen := map[string]bool{}
			for _, c := range q.Choices {
				c = strings.TrimSpace(c)
				if c == "" {
					t.Errorf("%s: empty choice", where)
				}
				if seen[c] {
					t.Errorf("%s: duplicate choice %q", where, c)
				}
				seen[c] = true
			}
			if q.Answer < 0 || q.Answer >= len(q.Choices) {
				t.Errorf("%s: Answer %d out of range for %d choices", where, q.Answer, len(q.Choices))
			}
			if strings.TrimSpace(q.Why) == "" {
				t.Errorf("%s: empty Why", where)
			}
		}
	}
	for id := range sectionQuestions {
		if !sectionIDs[id] {
			t.Errorf("sectionQuestions has key %q, which is not a section ID", id)
		}
	}
}
