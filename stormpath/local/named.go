package local

import (
	"errors"
	"strings"
)

// Applications, directories and groups share one shape: a name unique in a
// scope (the tenant, or a group's directory), a description, a status and
// customData. One mechanism reads, creates and updates them; each kind
// brings its own fields and rules through a namedKind.

// namedFields are the fields the three kinds share, embedded in their
// documents (JSON flattens them, so the stored documents keep their shape).
type namedFields struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Status      string `json:"status"`
}

func (f *namedFields) named() *namedFields { return f }

// namedDoc is the document of a named resource.
type namedDoc interface{ named() *namedFields }

// namedKind describes a kind of named resource.
type namedKind struct {
	typ, label         string   // "applications", "Application"
	writable, readOnly []string // the body's properties
	// scope returns what the name is unique in, for the record r.
	scope func(c *call, r *record) string
	// newDoc returns an empty document of the kind.
	newDoc func() namedDoc
	// apply reads the kind's own properties from a body (optional).
	apply func(in *input, d namedDoc) error
	// check enforces the kind's rules before an update is saved (optional).
	check func(c *call, tx storeTx, r *record, d namedDoc) error
	// render renders a record of the kind.
	render func(c *call, r *record) (map[string]any, error)
}

var (
	appKind = &namedKind{typ: typeApplication, label: "Application", writable: appWritable, readOnly: appReadOnly,
		scope:  func(c *call, _ *record) string { return c.caller.tenant },
		newDoc: func() namedDoc { return new(appDoc) },
		apply:  applyApp,
		check: func(c *call, tx storeTx, r *record, d namedDoc) error {
			if r.ID == c.builtinApp(tx) && d.named().Name != builtinAppName {
				return errInvalid("The Stormpath application cannot be renamed.")
			}
			return nil
		},
		render: (*call).renderApp}
	dirKind = &namedKind{typ: typeDirectory, label: "Directory", writable: dirWritable, readOnly: dirReadOnly,
		scope:  func(c *call, _ *record) string { return c.caller.tenant },
		newDoc: func() namedDoc { return new(dirDoc) },
		apply:  applyDir,
		render: (*call).renderDir}
	groupKind = &namedKind{typ: typeGroup, label: "Group", writable: groupWritable, readOnly: groupReadOnly,
		scope:  func(_ *call, r *record) string { return r.Parent },
		newDoc: func() namedDoc { return new(groupDoc) },
		render: (*call).renderGroup}
)

// readNamed reads a body of kind k into d: the shared fields, then the
// kind's own.
func (c *call) readNamed(k *namedKind, d namedDoc) (*input, error) {
	in, err := c.readInput(k.label, k.writable, k.readOnly)
	if err != nil {
		return nil, err
	}
	f := d.named()
	if v, ok, err := in.str("name"); err != nil {
		return nil, err
	} else if ok {
		if strings.TrimSpace(v) == "" {
			return nil, errRequired(k.label, "name")
		}
		if err := checkLength(k.label, "name", v); err != nil {
			return nil, err
		}
		f.Name = v
	}
	if v, ok, err := in.str("description"); err != nil {
		return nil, err
	} else if ok {
		if err := checkLength(k.label, "description", v); err != nil {
			return nil, err
		}
		f.Description = v
	}
	if v, ok, err := in.status("status", statusEnabled, statusDisabled); err != nil {
		return nil, err
	} else if ok {
		f.Status = v
	}
	if k.apply != nil {
		if err := k.apply(in, d); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// insertNamed stores a new named resource; r needs its ID, Tenant and
// Parent. A taken name is errDuplicate.
func (c *call) insertNamed(tx storeTx, k *namedKind, r *record, d namedDoc) error {
	if strings.TrimSpace(d.named().Name) == "" {
		return errRequired(k.label, "name")
	}
	r.Type, r.Created, r.Modified = k.typ, c.now, c.now
	r.U1 = nameKey(k.scope(c, r), d.named().Name)
	return tx.insert(r, d)
}

// saveNamed stores a changed named resource. A taken name is errDuplicate.
func (c *call) saveNamed(tx storeTx, k *namedKind, r *record, d namedDoc) error {
	r.U1, r.Modified = nameKey(k.scope(c, r), d.named().Name), c.now
	return tx.update(r, d)
}

// dupName turns errDuplicate into the API's 2001 on the kind's name.
func dupName(k *namedKind, err error) error {
	if errors.Is(err, errDuplicate) {
		return errDuplicateAPI(k.label, "name")
	}
	return err
}

// createdNamed finishes a create: embedded customData, then 201.
func (c *call) createdNamed(tx storeTx, k *namedKind, in *input, r *record) (*result, error) {
	if err := c.embedCustomData(tx, in, r.ID); err != nil {
		return nil, err
	}
	m, err := k.render(c, r)
	if err != nil {
		return nil, err
	}
	return c.created201(tx, m)
}

// updateNamed handles POST /applications/{id}, /directories/{id} and
// /groups/{id}.
func (c *call) updateNamed(tx storeTx, k *namedKind, id string) (*result, error) {
	r, err := tx.get(c.caller.tenant, k.typ, id)
	if err != nil {
		return nil, err
	}
	d := k.newDoc()
	if err := decode(r, d); err != nil {
		return nil, err
	}
	in, err := c.readNamed(k, d)
	if err != nil {
		return nil, err
	}
	if k.check != nil {
		if err := k.check(c, tx, r, d); err != nil {
			return nil, err
		}
	}
	if err := c.saveNamed(tx, k, r, d); err != nil {
		return nil, dupName(k, err)
	}
	if err := c.embedCustomData(tx, in, r.ID); err != nil {
		return nil, err
	}
	m, err := k.render(c, r)
	if err != nil {
		return nil, err
	}
	return c.ok200(tx, m)
}
