//! Who may do what with a survey: the one rule every manager route applies. Admins see every
//! survey; managers and viewers only the surveys granted to them, and a survey that is not
//! granted is reported as not found (so ids cannot be probed). Viewers may read, never change,
//! and never see personal data.

use super::Role;

/// What a request wants to do with a survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read the survey, its settings and aggregate figures.
    Read,
    /// Change the survey or anything in it.
    Change,
    /// See respondents' personal data (contact data, individual cases and answers).
    PersonalData,
}

/// The answer to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// The survey does not exist, or is not granted to the user: the same answer for both.
    NotFound,
    /// The survey is visible to the user, but the role does not allow this access.
    Forbidden,
}

/// Decides an access. `visible` is whether the survey exists and, for a non-admin, is granted
/// to the user (for an admin: whether it exists).
pub fn decide(role: Role, visible: bool, access: Access) -> Decision {
    if !visible {
        return Decision::NotFound;
    }
    let allowed = match access {
        Access::Read => true,
        Access::Change => role.may_change(),
        Access::PersonalData => role.may_see_personal_data(),
    };
    if allowed {
        Decision::Allowed
    } else {
        Decision::Forbidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invisible_survey_is_not_found_for_every_role_and_access() {
        for role in Role::ALL {
            for access in [Access::Read, Access::Change, Access::PersonalData] {
                assert_eq!(decide(role, false, access), Decision::NotFound);
            }
        }
    }

    #[test]
    fn viewers_read_only_and_see_no_personal_data() {
        assert_eq!(decide(Role::Viewer, true, Access::Read), Decision::Allowed);
        assert_eq!(
            decide(Role::Viewer, true, Access::Change),
            Decision::Forbidden
        );
        assert_eq!(
            decide(Role::Viewer, true, Access::PersonalData),
            Decision::Forbidden
        );
        for role in [Role::Admin, Role::Manager] {
            for access in [Access::Read, Access::Change, Access::PersonalData] {
                assert_eq!(decide(role, true, access), Decision::Allowed);
            }
        }
    }
}
