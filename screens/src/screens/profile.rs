//! Registering a member and editing a member's profile.

use carddesk_model::entry::CredentialKind;
use carddesk_model::ops::{EditMember, RegisterMember};
use carddesk_model::{Credential, Gender, Profile, ProfilePatch, Request};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::member_view::kind_text;
use crate::context::Shared;
use crate::field::{FieldKind, Form, FormKey, TextField};
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Flow, Layer};
use crate::model::Reply;

const NAME: usize = 0;
const PHONE: usize = 1;
const BIRTHDAY: usize = 2;
const ID_DOC: usize = 3;
const NOTES: usize = 4;
/// The member no. of whoever brought the member (推荐人), optional.
const REFERRER: usize = 5;
const CREDENTIAL: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    /// The form's: between the fields; Enter on the last saves.
    Form,
    Gender,
    Kind,
    Notices,
    Save,
    Back,
}

const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind("Tab", &[Key::Tab], Tx::KNext, Act::Form),
    bind("F2", &[Key::F(2)], Tx::KGender, Act::Gender),
    bind("F3", &[Key::F(3)], Tx::KKind, Act::Kind),
    bind("F4", &[Key::F(4)], Tx::KNotices, Act::Notices),
    bind("F12", &[Key::F(12)], Tx::KSave, Act::Save),
    keymap::esc(Act::Back),
    keymap::fields(Act::Form),
];

pub struct ProfileForm {
    /// None: registering a new member.
    editing: Option<String>,
    form: Form,
    gender: Option<Gender>,
    original_gender: Option<Gender>,
    /// Consent to notices as the member gave it (None: not asked; the chain's default).
    notices: Option<bool>,
    original_notices: Option<bool>,
    cred_kind: CredentialKind,
    op_id: String,
    busy: bool,
    /// A cashier edits without seeing the ID-document number: the field starts empty
    /// and an empty field leaves the number as it is.
    id_hidden: bool,
}

fn fields() -> Vec<(Tx, TextField)> {
    vec![
        (Tx::Name, TextField::new(FieldKind::Text, 40)),
        (Tx::Phone, TextField::new(FieldKind::Text, 20)),
        (Tx::Birthday, TextField::new(FieldKind::Date, 10)),
        (Tx::IdDoc, TextField::new(FieldKind::Text, 32)),
        (Tx::Notes, TextField::new(FieldKind::Text, 200)),
        (Tx::Referrer, TextField::new(FieldKind::Text, 20)),
    ]
}

fn parse_gender(s: Option<&str>) -> Option<Gender> {
    match s? {
        "female" => Some(Gender::Female),
        "male" => Some(Gender::Male),
        "other" => Some(Gender::Other),
        _ => None,
    }
}

impl ProfileForm {
    pub fn register(sh: &mut Shared) -> Self {
        let mut f = fields();
        f.push((Tx::CardOrCode, TextField::new(FieldKind::Text, 64)));
        let mut form = Form::new(f);
        let mut cred_kind = CredentialKind::Code;
        if let Some(uid) = sh.unbound_card.take() {
            form.set(CREDENTIAL, &uid);
            cred_kind = CredentialKind::Card;
            sh.info(crate::i18n::card_filled_in(&uid, sh.lang()));
        }
        ProfileForm {
            editing: None,
            form,
            gender: None,
            original_gender: None,
            notices: None,
            original_notices: None,
            cred_kind,
            op_id: sh.op_id(),
            busy: false,
            id_hidden: false,
        }
    }

    pub fn edit(sh: &mut Shared) -> Self {
        let mut form = Form::new(fields());
        let mut editing = None;
        let mut gender = None;
        let mut notices = None;
        if let Some(v) = &sh.member {
            let m = &v.member;
            form.set(NAME, &m.name);
            form.set(PHONE, m.phone.as_deref().unwrap_or(""));
            form.set(BIRTHDAY, m.birthday.as_deref().unwrap_or(""));
            if sh.is_supervisor() {
                form.set(ID_DOC, m.id_doc.as_deref().unwrap_or(""));
            }
            form.set(NOTES, &m.notes);
            form.set(REFERRER, m.referrer.as_deref().unwrap_or(""));
            editing = Some(m.member_no.clone());
            gender = parse_gender(m.gender.as_deref());
            notices = m.notices;
        }
        ProfileForm {
            editing,
            form,
            gender,
            original_gender: gender,
            notices,
            original_notices: notices,
            cred_kind: CredentialKind::Code,
            op_id: sh.op_id(),
            busy: false,
            id_hidden: !sh.is_supervisor(),
        }
    }

    fn optional(&self, i: usize) -> Option<String> {
        let v = self.form.value(i).trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    fn submit(&mut self, sh: &mut Shared) {
        let name = self.form.value(NAME).trim().to_string();
        if name.is_empty() {
            sh.error(sh.tx(Tx::NameRequired));
            self.form.focus = NAME;
            return;
        }
        let birthday = match self.optional(BIRTHDAY) {
            None => None,
            Some(b) => match NaiveDate::parse_from_str(&b, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    sh.error(sh.tx(Tx::BadDate));
                    self.form.focus = BIRTHDAY;
                    return;
                }
            },
        };
        let request = match &self.editing {
            None => Request::RegisterMember(RegisterMember {
                profile: Profile {
                    name,
                    phone: self.optional(PHONE),
                    gender: self.gender,
                    birthday,
                    id_doc: self.optional(ID_DOC),
                    notes: self.form.value(NOTES).trim().to_string(),
                    referrer: self.optional(REFERRER),
                    notices: self.notices,
                },
                tier: None,
                credentials: self
                    .optional(CREDENTIAL)
                    .map(|v| vec![Credential::new(self.cred_kind, v)])
                    .unwrap_or_default(),
            }),
            Some(no) => {
                let Some(patch) = self.patch(sh, name, birthday) else {
                    sh.info(sh.tx(Tx::NothingChanged));
                    return;
                };
                Request::EditMember(EditMember {
                    member_no: no.clone().into(),
                    changes: patch,
                })
            }
        };
        super::posting::post(sh, &self.op_id, &mut self.busy, request);
    }

    /// Only the fields that changed; an emptied optional field is cleared with "".
    fn patch(
        &self,
        sh: &Shared,
        name: String,
        birthday: Option<NaiveDate>,
    ) -> Option<ProfilePatch> {
        let m = &sh.member.as_ref()?.member;
        let changed = |old: Option<&str>, i: usize| {
            let new = self.form.value(i).trim();
            (new != old.unwrap_or("")).then(|| new.to_string())
        };
        let patch = ProfilePatch {
            name: (name != m.name).then_some(name),
            phone: changed(m.phone.as_deref(), PHONE),
            gender: (self.gender != self.original_gender)
                .then_some(self.gender)
                .flatten(),
            birthday: birthday.filter(|b| Some(b.to_string()) != m.birthday),
            id_doc: if self.id_hidden && self.form.value(ID_DOC).trim().is_empty() {
                None
            } else {
                changed(m.id_doc.as_deref(), ID_DOC)
            },
            notes: changed(Some(&m.notes), NOTES),
            referrer: changed(m.referrer.as_deref(), REFERRER),
            // Once given, consent is changed, never taken back to "not asked".
            notices: (self.notices != self.original_notices)
                .then_some(self.notices)
                .flatten(),
        };
        (!patch.is_empty()).then_some(patch)
    }
}

impl Layer for ProfileForm {
    fn name(&self) -> &'static str {
        if self.editing.is_some() {
            "edit"
        } else {
            "register"
        }
    }

    fn holds_work(&self) -> bool {
        true
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        let act = keymap::find(KEYS, &key);
        // The first Esc on typed data warns; the next goes back.
        if act == Some(Act::Back) {
            if !self.busy && !self.form.esc_leaves() {
                sh.info(sh.tx(Tx::EscAgainDiscards));
                return Flow::Stay;
            }
            return Flow::Pass;
        }
        self.form.esc_armed = false;
        if self.busy {
            sh.info(sh.tx(Tx::BusyWait));
            return Flow::Stay;
        }
        match act {
            Some(Act::Gender) => {
                self.gender = match self.gender {
                    None => Some(Gender::Female),
                    Some(Gender::Female) => Some(Gender::Male),
                    Some(Gender::Male) => Some(Gender::Other),
                    Some(Gender::Other) => None,
                };
            }
            Some(Act::Notices) => {
                self.notices = match (self.notices, self.original_notices) {
                    (None, _) => Some(true),
                    (Some(true), _) => Some(false),
                    // Back to "not asked" only where it was never given.
                    (Some(false), None) => None,
                    (Some(false), Some(_)) => Some(true),
                };
            }
            Some(Act::Kind) if self.editing.is_none() => {
                self.cred_kind = match self.cred_kind {
                    CredentialKind::Code => CredentialKind::Card,
                    _ => CredentialKind::Code,
                };
            }
            Some(Act::Save) => self.submit(sh),
            Some(Act::App) => return Flow::Pass,
            Some(Act::Form | Act::Kind | Act::Back) | None => match self.form.key(&key) {
                FormKey::Submit => self.submit(sh),
                FormKey::NotMine => return Flow::Pass,
                FormKey::Edited | FormKey::Moved => {}
            },
        }
        Flow::Stay
    }

    fn typing(&self) -> bool {
        !self.busy
    }

    fn scan(&mut self, sh: &mut Shared, code: &str) -> Flow {
        if self.editing.is_none() {
            self.form.set(CREDENTIAL, code);
            self.cred_kind = CredentialKind::Code;
        } else {
            sh.error(sh.tx(Tx::FinishFirst));
        }
        Flow::Stay
    }

    fn card(&mut self, sh: &mut Shared, uid: &str) -> Flow {
        if self.editing.is_none() {
            self.form.set(CREDENTIAL, uid);
            self.cred_kind = CredentialKind::Card;
        } else {
            sh.error(sh.tx(Tx::FinishFirst));
        }
        Flow::Stay
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        super::posting::executed(sh, r, &mut self.op_id, &mut self.busy, |sh, done| {
            let lang = sh.lang();
            sh.ok(format!(
                "{} {}",
                Tx::Saved.get(lang),
                i18n::posted(&done.entry_id, done.replayed, lang)
            ));
            if let Some(no) = super::posting::member_of(done) {
                sh.open_member(no);
            }
        })
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let title = match &self.editing {
            None => Tx::RegisterTitle.get(lang).to_string(),
            Some(no) => format!("{} {no}", Tx::EditTitle.get(lang)),
        };
        let block = theme.block(format!(" {title} "));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let x = inner.x + 2;
        let w = inner.width.saturating_sub(4);
        let form_area = Rect::new(x, inner.y + 1, w, self.form.fields.len() as u16);
        let lw = [Tx::Gender, Tx::Kind, Tx::NoticesConsent]
            .iter()
            .map(|l| crate::text::width(l.get(lang)) as u16 + 2)
            .fold(self.form.label_width(lang), u16::max);
        self.form
            .render_with(f, form_area, lw, theme, lang, !self.busy);
        let mut y = form_area.bottom();
        let gender = match self.gender {
            None => "-",
            Some(Gender::Female) => Tx::Female.get(lang),
            Some(Gender::Male) => Tx::Male.get(lang),
            Some(Gender::Other) => Tx::OtherGender.get(lang),
        };
        let notices = match self.notices {
            None => Tx::ConsentDefault,
            Some(true) => Tx::ConsentYes,
            Some(false) => Tx::ConsentNo,
        };
        let mut extra = vec![
            (Tx::Gender, format!("{gender}  (F2)")),
            (Tx::NoticesConsent, format!("{}  (F4)", notices.get(lang))),
        ];
        if self.editing.is_none() {
            extra.push((
                Tx::Kind,
                format!("{}  (F3)", kind_text(self.cred_kind, lang)),
            ));
        }
        for (label, value) in extra {
            f.render_widget(
                Paragraph::new(Span::styled(label.get(lang), theme.label())),
                Rect::new(x, y, lw, 1),
            );
            f.render_widget(
                Paragraph::new(value),
                Rect::new(x + lw, y, w.saturating_sub(lw), 1),
            );
            y += 1;
        }
        let hint = if self.editing.is_none() {
            format!("{}  {}", Tx::FormHint.get(lang), Tx::ScanToFill.get(lang))
        } else {
            Tx::FormHint.get(lang).to_string()
        };
        if y + 1 < inner.bottom() {
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(hint, theme.muted()))),
                Rect::new(x, y + 1, w, 1),
            );
        }
    }

    /// F3 (card or code) is for a new member's credential only.
    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        let register = self.editing.is_none();
        Some(keymap::lines(KEYS, |act, line| {
            (act != Act::Kind || register).then_some(line)
        }))
    }
}
