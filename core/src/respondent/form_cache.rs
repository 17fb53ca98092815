//! Compiled questionnaires kept in memory. A stored questionnaire version never changes, so a
//! cached one never goes stale; the cache saves parsing JSON and expressions on every request.

use crate::db::{questionnaires, AnyConnection, StoreError};
use crate::form::model::Form;
use crate::response::CompiledForm;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Default)]
pub struct FormCache {
    forms: RwLock<HashMap<i64, Arc<CompiledForm>>>,
}

impl FormCache {
    pub fn new() -> FormCache {
        FormCache::default()
    }

    /// The compiled form of questionnaire `id`, loaded and compiled on first use.
    pub fn get(&self, conn: &mut AnyConnection, id: i64) -> Result<Arc<CompiledForm>, StoreError> {
        if let Ok(forms) = self.forms.read() {
            if let Some(form) = forms.get(&id) {
                return Ok(Arc::clone(form));
            }
        }
        let stored = questionnaires::find(conn, id)?
            .ok_or_else(|| StoreError::Corrupt(format!("questionnaire {id} is missing")))?;
        let form: Form = serde_json::from_str(&stored.compiled)
            .map_err(|e| StoreError::Corrupt(format!("questionnaire {id}: {e}")))?;
        let compiled = Arc::new(
            CompiledForm::new(form)
                .map_err(|e| StoreError::Corrupt(format!("questionnaire {id}: {e}")))?,
        );
        if let Ok(mut forms) = self.forms.write() {
            forms.insert(id, Arc::clone(&compiled));
        }
        Ok(compiled)
    }
}
