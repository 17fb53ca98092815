//! The three roles of field managers' accounts and what each may do: `admin` (users and every
//! survey), `manager` (full control of the surveys granted), `viewer` (read-only monitoring of
//! the surveys granted, no personal data).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Manager,
    Viewer,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: use admin, manager or viewer")]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Manager, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Viewer => "viewer",
        }
    }

    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }

    /// Whether the role may change the surveys it sees (viewers only look).
    pub fn may_change(self) -> bool {
        matches!(self, Role::Admin | Role::Manager)
    }

    /// Whether the role may see respondents' personal data (contact data, answers per case).
    pub fn may_see_personal_data(self) -> bool {
        matches!(self, Role::Admin | Role::Manager)
    }
}

impl std::str::FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        assert!("Admin".parse::<Role>().is_err());
        assert!("owner".parse::<Role>().is_err());
    }

    #[test]
    fn only_viewers_are_read_only() {
        assert!(Role::Admin.may_change() && Role::Manager.may_change());
        assert!(!Role::Viewer.may_change());
        assert!(!Role::Viewer.may_see_personal_data());
        assert!(Role::Admin.is_admin() && !Role::Manager.is_admin());
    }
}
