package io.tandem.command.workspace;

import static io.tandem.command.Rejection.rejected;

import java.util.List;
import java.util.UUID;

import io.tandem.api.ErrorCode;
import io.tandem.api.Sensitive;
import io.tandem.api.workspace.AddWorkspaceMemberCommand;
import io.tandem.api.workspace.CategoryCreatedEvent;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.CategoryUpdatedEvent;
import io.tandem.api.workspace.ChangeWorkspaceMemberRoleCommand;
import io.tandem.api.workspace.ChangeWorkspacePlanCommand;
import io.tandem.api.workspace.ConflictStrategy;
import io.tandem.api.workspace.CreateCategoryCommand;
import io.tandem.api.workspace.CreateWorkspaceCommand;
import io.tandem.api.workspace.DeleteCategoryCommand;
import io.tandem.api.workspace.DeleteWorkspaceCommand;
import io.tandem.api.workspace.Plan;
import io.tandem.api.workspace.RemoveWorkspaceMemberCommand;
import io.tandem.api.workspace.UpdateCategoryCommand;
import io.tandem.api.workspace.UpdateWorkspaceCommand;
import io.tandem.api.workspace.WorkspaceCreatedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.api.workspace.WorkspaceMemberAddedEvent;
import io.tandem.api.workspace.WorkspaceMemberRemovedEvent;
import io.tandem.api.workspace.WorkspaceMemberRoleChangedEvent;
import io.tandem.api.workspace.WorkspaceRole;
import io.tandem.api.workspace.WorkspaceSettings;
import io.tandem.api.workspace.WorkspaceUpdatedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WorkspaceTest {

    private static final UUID WS = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID OWNER = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID OWNER_2 = UUID.fromString("00000000-0000-0000-0000-000000000002");
    private static final UUID ADMIN = UUID.fromString("00000000-0000-0000-0000-000000000003");
    private static final UUID MEMBER = UUID.fromString("00000000-0000-0000-0000-000000000004");
    private static final UUID VIEWER = UUID.fromString("00000000-0000-0000-0000-000000000005");
    private static final UUID STRANGER = UUID.fromString("00000000-0000-0000-0000-000000000006");
    private static final UUID NEWCOMER = UUID.fromString("00000000-0000-0000-0000-000000000007");
    private static final UUID CAT = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private static final UUID CAT_2 = UUID.fromString("00000000-0000-0000-0000-0000000000c2");
    private static final WorkspaceSettings DEFAULTS = WorkspaceSettings.defaults();

    private FixtureConfiguration<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class);
    }

    private static Object[] created() {
        return new Object[] {
                new WorkspaceCreatedEvent(WS, "Home", Plan.FREE, DEFAULTS, OWNER),
                new WorkspaceMemberAddedEvent(WS, OWNER, WorkspaceRole.OWNER, OWNER)};
    }

    /** Version 5: owner, admin, member and viewer. */
    private static Object[] team() {
        return new Object[] {
                new WorkspaceCreatedEvent(WS, "Home", Plan.FREE, DEFAULTS, OWNER),
                new WorkspaceMemberAddedEvent(WS, OWNER, WorkspaceRole.OWNER, OWNER),
                new WorkspaceMemberAddedEvent(WS, ADMIN, WorkspaceRole.ADMIN, OWNER),
                new WorkspaceMemberAddedEvent(WS, MEMBER, WorkspaceRole.MEMBER, OWNER),
                new WorkspaceMemberAddedEvent(WS, VIEWER, WorkspaceRole.VIEWER, OWNER)};
    }

    private static Object[] teamWith(Object... more) {
        Object[] base = team();
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Nested
    class Creating {

        @Test
        void theCreatorBecomesTheFirstOwnerAndTheVersionCountsBothEvents() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, "Home", Plan.FREE, DEFAULTS, OWNER))
                    .expectEvents(new WorkspaceCreatedEvent(WS, "Home", Plan.FREE, DEFAULTS, OWNER),
                            new WorkspaceMemberAddedEvent(WS, OWNER, WorkspaceRole.OWNER, OWNER))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void planAndSettingsDefaultToFreeAndDefaults() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, "Home", null, null, OWNER))
                    .expectEvents(new WorkspaceCreatedEvent(WS, "Home", Plan.FREE, DEFAULTS, OWNER),
                            new WorkspaceMemberAddedEvent(WS, OWNER, WorkspaceRole.OWNER, OWNER));
        }

        @Test
        void aClientCannotCreateAWorkspaceOnAPaidPlan() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, "Home", Plan.PRO, DEFAULTS, OWNER))
                    .expectException(rejected(ErrorCode.FORBIDDEN, "plan"));
        }

        @Test
        void theNameIsTrimmed() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, "  Home \t", null, null, OWNER))
                    .expectEvents(new WorkspaceCreatedEvent(WS, "Home", Plan.FREE, DEFAULTS, OWNER),
                            new WorkspaceMemberAddedEvent(WS, OWNER, WorkspaceRole.OWNER, OWNER));
        }

        @Test
        void aBlankNameIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, "   ", null, null, OWNER))
                    .expectException(rejected(ErrorCode.VALIDATION, "name"));
        }

        @Test
        void aMissingNameIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, null, null, null, OWNER))
                    .expectException(rejected(ErrorCode.VALIDATION, "name"));
        }

        @Test
        void aNameOfMoreThan100CharactersIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, "x".repeat(101), null, null, OWNER))
                    .expectException(rejected(ErrorCode.VALIDATION, "name"));
        }

        @Test
        void aNameOfExactly100CharactersIsAccepted() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, "x".repeat(100), null, null, OWNER))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void anUnknownPreserveFieldIsRejected() {
            WorkspaceSettings settings = new WorkspaceSettings(ConflictStrategy.MANUAL, List.of("title", "colour"));
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, "Home", null, settings, OWNER))
                    .expectException(rejected(ErrorCode.VALIDATION, "settings.preserveFields"));
        }

        @Test
        void preserveFieldsNamedAsInTheJsonContractAreAccepted() {
            WorkspaceSettings settings = new WorkspaceSettings(ConflictStrategy.MANUAL,
                    List.of("title", "isRecurring", "categoryId"));
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, "Home", null, settings, OWNER))
                    .expectEvents(new WorkspaceCreatedEvent(WS, "Home", Plan.FREE, settings, OWNER),
                            new WorkspaceMemberAddedEvent(WS, OWNER, WorkspaceRole.OWNER, OWNER));
        }

        @Test
        void aWorkspaceWithoutOwnerIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspaceCommand(WS, "Home", null, null, null))
                    .expectException(rejected(ErrorCode.VALIDATION, "ownerId"));
        }
    }

    @Nested
    class Updating {

        @Test
        void anAdminRenamesTheWorkspaceAndTheEventCarriesTheWholeNewState() {
            fixture.given(team())
                    .when(new UpdateWorkspaceCommand(WS, " Office ", null, null, ADMIN))
                    .expectEvents(new WorkspaceUpdatedEvent(WS, "Office", Plan.FREE, DEFAULTS))
                    .expectResultMessagePayload(6L);
        }

        @Test
        void anOwnerChangesSettingsWhileEchoingThePlan() {
            WorkspaceSettings manual = new WorkspaceSettings(ConflictStrategy.MANUAL, List.of("dueDate"));
            fixture.given(created())
                    .when(new UpdateWorkspaceCommand(WS, null, Plan.FREE, manual, OWNER))
                    .expectEvents(new WorkspaceUpdatedEvent(WS, "Home", Plan.FREE, manual))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void anOwnerCannotChangeThePlan() {
            fixture.given(created())
                    .when(new UpdateWorkspaceCommand(WS, "Office", Plan.ENTERPRISE, null, OWNER))
                    .expectException(rejected(ErrorCode.FORBIDDEN, "plan"));
        }

        @Test
        void anEchoOfAPlanTheOperatorSetIsAccepted() {
            fixture.given(teamWith(new WorkspaceUpdatedEvent(WS, "Home", Plan.PRO, DEFAULTS)))
                    .when(new UpdateWorkspaceCommand(WS, "Office", Plan.PRO, null, ADMIN))
                    .expectEvents(new WorkspaceUpdatedEvent(WS, "Office", Plan.PRO, DEFAULTS));
        }

        @Test
        void theOperatorChangesThePlanKeepingNameAndSettings() {
            fixture.given(created())
                    .when(new ChangeWorkspacePlanCommand(WS, Plan.ENTERPRISE))
                    .expectEvents(new WorkspaceUpdatedEvent(WS, "Home", Plan.ENTERPRISE, DEFAULTS))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void theOperatorSettingTheCurrentPlanEmitsNothing() {
            fixture.given(created())
                    .when(new ChangeWorkspacePlanCommand(WS, Plan.FREE))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void theOperatorCannotChangeTheDeletedWorkspacesPlan() {
            fixture.given(teamWith(new WorkspaceDeletedEvent(WS)))
                    .when(new ChangeWorkspacePlanCommand(WS, Plan.PRO))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void theOperatorMustNameAPlan() {
            fixture.given(created())
                    .when(new ChangeWorkspacePlanCommand(WS, null))
                    .expectException(rejected(ErrorCode.VALIDATION, "plan"));
        }

        @Test
        void anUpdateThatChangesNothingEmitsNothingAndAnswersTheCurrentVersion() {
            fixture.given(created())
                    .when(new UpdateWorkspaceCommand(WS, "Home", Plan.FREE, DEFAULTS, OWNER))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void aMemberMayNotUpdateTheWorkspace() {
            fixture.given(team())
                    .when(new UpdateWorkspaceCommand(WS, "Office", null, null, MEMBER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void aNonMemberIsForbidden() {
            fixture.given(team())
                    .when(new UpdateWorkspaceCommand(WS, "Office", null, null, STRANGER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void aBlankNewNameIsRejected() {
            fixture.given(created())
                    .when(new UpdateWorkspaceCommand(WS, " ", null, null, OWNER))
                    .expectException(rejected(ErrorCode.VALIDATION, "name"));
        }

        @Test
        void anUnknownPreserveFieldIsRejected() {
            WorkspaceSettings settings = new WorkspaceSettings(null, List.of("is_recurring"));
            fixture.given(created())
                    .when(new UpdateWorkspaceCommand(WS, null, null, settings, OWNER))
                    .expectException(rejected(ErrorCode.VALIDATION, "settings.preserveFields"));
        }

        @Test
        void aDeletedWorkspaceIsNotFound() {
            fixture.given(created()).andGiven(new WorkspaceDeletedEvent(WS))
                    .when(new UpdateWorkspaceCommand(WS, "Office", null, null, OWNER))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }
    }

    @Nested
    class Deleting {

        @Test
        void anOwnerDeletesTheWorkspace() {
            fixture.given(created())
                    .when(new DeleteWorkspaceCommand(WS, OWNER))
                    .expectEvents(new WorkspaceDeletedEvent(WS))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void anAdminMayNotDeleteTheWorkspace() {
            fixture.given(team())
                    .when(new DeleteWorkspaceCommand(WS, ADMIN))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void deletingTwiceIsNotFound() {
            fixture.given(created()).andGiven(new WorkspaceDeletedEvent(WS))
                    .when(new DeleteWorkspaceCommand(WS, OWNER))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        /** Names are encrypted under the workspace's key; once it is destroyed, its history reads them so. */
        private static Object[] erasedHistory() {
            return new Object[] {
                    new WorkspaceCreatedEvent(WS, Sensitive.ERASED, Plan.FREE, DEFAULTS, OWNER),
                    new WorkspaceMemberAddedEvent(WS, OWNER, WorkspaceRole.OWNER, OWNER),
                    new CategoryCreatedEvent(WS, CAT, Sensitive.ERASED, "#112233", OWNER),
                    new CategoryCreatedEvent(WS, CAT_2, Sensitive.ERASED, null, OWNER),
                    new CategoryUpdatedEvent(WS, CAT_2, Sensitive.ERASED, "#445566"),
                    new WorkspaceUpdatedEvent(WS, Sensitive.ERASED, Plan.FREE, DEFAULTS),
                    new WorkspaceDeletedEvent(WS)};
        }

        @Test
        void aDeletedWorkspaceWithErasedNamesStillLoadsAndRefusesCategoryCommands() {
            fixture.given(erasedHistory())
                    .when(new CreateCategoryCommand(WS, UUID.randomUUID(), Sensitive.ERASED, null, OWNER))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void aDeletedWorkspaceWithErasedNamesRefusesRenames() {
            fixture.given(erasedHistory())
                    .when(new UpdateCategoryCommand(WS, CAT, "Errands", null, OWNER))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void aDeletedWorkspaceWithErasedNamesRefusesUpdates() {
            fixture.given(erasedHistory())
                    .when(new UpdateWorkspaceCommand(WS, Sensitive.ERASED, null, null, OWNER))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void aDeletedWorkspaceWithErasedNamesRefusesASecondDeletion() {
            fixture.given(erasedHistory())
                    .when(new DeleteWorkspaceCommand(WS, OWNER))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }
    }

    @Nested
    class AddingMembers {

        @Test
        void anAdminAddsAMember() {
            fixture.given(team())
                    .when(new AddWorkspaceMemberCommand(WS, NEWCOMER, WorkspaceRole.MEMBER, ADMIN))
                    .expectEvents(new WorkspaceMemberAddedEvent(WS, NEWCOMER, WorkspaceRole.MEMBER, ADMIN))
                    .expectResultMessagePayload(6L);
        }

        @Test
        void aMemberMayNotAddMembers() {
            fixture.given(team())
                    .when(new AddWorkspaceMemberCommand(WS, NEWCOMER, WorkspaceRole.VIEWER, MEMBER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void aNonMemberMayNotAddMembers() {
            fixture.given(team())
                    .when(new AddWorkspaceMemberCommand(WS, NEWCOMER, WorkspaceRole.VIEWER, STRANGER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void addingAnExistingMemberIsRejected() {
            fixture.given(team())
                    .when(new AddWorkspaceMemberCommand(WS, VIEWER, WorkspaceRole.ADMIN, OWNER))
                    .expectException(rejected(ErrorCode.ALREADY_EXISTS, "userId"));
        }

        @Test
        void aMemberNeedsARole() {
            fixture.given(team())
                    .when(new AddWorkspaceMemberCommand(WS, NEWCOMER, null, OWNER))
                    .expectException(rejected(ErrorCode.VALIDATION, "role"));
        }

        @Test
        void anAdminMayNotAddAnOwner() {
            fixture.given(team())
                    .when(new AddWorkspaceMemberCommand(WS, NEWCOMER, WorkspaceRole.OWNER, ADMIN))
                    .expectException(rejected(ErrorCode.FORBIDDEN, "role"));
        }

        @Test
        void anOwnerMayAddAnOwner() {
            fixture.given(team())
                    .when(new AddWorkspaceMemberCommand(WS, NEWCOMER, WorkspaceRole.OWNER, OWNER))
                    .expectEvents(new WorkspaceMemberAddedEvent(WS, NEWCOMER, WorkspaceRole.OWNER, OWNER));
        }

        @Test
        void aDeletedWorkspaceIsNotFound() {
            fixture.given(created()).andGiven(new WorkspaceDeletedEvent(WS))
                    .when(new AddWorkspaceMemberCommand(WS, NEWCOMER, WorkspaceRole.MEMBER, OWNER))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }
    }

    @Nested
    class ChangingRoles {

        @Test
        void anAdminPromotesAViewerToMember() {
            fixture.given(team())
                    .when(new ChangeWorkspaceMemberRoleCommand(WS, VIEWER, WorkspaceRole.MEMBER, ADMIN))
                    .expectEvents(new WorkspaceMemberRoleChangedEvent(WS, VIEWER, WorkspaceRole.MEMBER,
                            WorkspaceRole.VIEWER))
                    .expectResultMessagePayload(6L);
        }

        @Test
        void aMemberMayNotChangeRoles() {
            fixture.given(team())
                    .when(new ChangeWorkspaceMemberRoleCommand(WS, VIEWER, WorkspaceRole.MEMBER, MEMBER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void changingTheRoleOfAnUnknownUserIsNotFound() {
            fixture.given(team())
                    .when(new ChangeWorkspaceMemberRoleCommand(WS, STRANGER, WorkspaceRole.MEMBER, OWNER))
                    .expectException(rejected(ErrorCode.NOT_FOUND, "userId"));
        }

        @Test
        void aNullRoleIsRejected() {
            fixture.given(team())
                    .when(new ChangeWorkspaceMemberRoleCommand(WS, VIEWER, null, OWNER))
                    .expectException(rejected(ErrorCode.VALIDATION, "role"));
        }

        @Test
        void anAdminMayNotGrantOwnership() {
            fixture.given(team())
                    .when(new ChangeWorkspaceMemberRoleCommand(WS, MEMBER, WorkspaceRole.OWNER, ADMIN))
                    .expectException(rejected(ErrorCode.FORBIDDEN, "role"));
        }

        @Test
        void anAdminMayNotChangeAnOwnersRole() {
            fixture.given(teamWith(new WorkspaceMemberAddedEvent(WS, OWNER_2, WorkspaceRole.OWNER, OWNER)))
                    .when(new ChangeWorkspaceMemberRoleCommand(WS, OWNER_2, WorkspaceRole.MEMBER, ADMIN))
                    .expectException(rejected(ErrorCode.FORBIDDEN, "role"));
        }

        @Test
        void anOwnerMayGrantOwnership() {
            fixture.given(team())
                    .when(new ChangeWorkspaceMemberRoleCommand(WS, ADMIN, WorkspaceRole.OWNER, OWNER))
                    .expectEvents(new WorkspaceMemberRoleChangedEvent(WS, ADMIN, WorkspaceRole.OWNER,
                            WorkspaceRole.ADMIN));
        }

        @Test
        void theLastOwnerCannotBeDemoted() {
            fixture.given(team())
                    .when(new ChangeWorkspaceMemberRoleCommand(WS, OWNER, WorkspaceRole.ADMIN, OWNER))
                    .expectException(rejected(ErrorCode.CONFLICT, "role"));
        }

        @Test
        void anOwnerMayBeDemotedWhileAnotherOwnerRemains() {
            fixture.given(teamWith(new WorkspaceMemberAddedEvent(WS, OWNER_2, WorkspaceRole.OWNER, OWNER)))
                    .when(new ChangeWorkspaceMemberRoleCommand(WS, OWNER, WorkspaceRole.ADMIN, OWNER_2))
                    .expectEvents(new WorkspaceMemberRoleChangedEvent(WS, OWNER, WorkspaceRole.ADMIN,
                            WorkspaceRole.OWNER));
        }

        @Test
        void theSameRoleAgainEmitsNothingAndAnswersTheCurrentVersion() {
            fixture.given(team())
                    .when(new ChangeWorkspaceMemberRoleCommand(WS, MEMBER, WorkspaceRole.MEMBER, ADMIN))
                    .expectNoEvents()
                    .expectResultMessagePayload(5L);
        }

        @Test
        void aDemotedAdminCanNoLongerManageMembers() {
            fixture.given(teamWith(new WorkspaceMemberRoleChangedEvent(WS, ADMIN, WorkspaceRole.MEMBER,
                            WorkspaceRole.ADMIN)))
                    .when(new AddWorkspaceMemberCommand(WS, NEWCOMER, WorkspaceRole.VIEWER, ADMIN))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }
    }

    @Nested
    class RemovingMembers {

        @Test
        void anAdminRemovesAMember() {
            fixture.given(team())
                    .when(new RemoveWorkspaceMemberCommand(WS, MEMBER, ADMIN))
                    .expectEvents(new WorkspaceMemberRemovedEvent(WS, MEMBER))
                    .expectResultMessagePayload(6L);
        }

        @Test
        void aViewerMayLeave() {
            fixture.given(team())
                    .when(new RemoveWorkspaceMemberCommand(WS, VIEWER, VIEWER))
                    .expectEvents(new WorkspaceMemberRemovedEvent(WS, VIEWER));
        }

        @Test
        void aMemberMayNotRemoveSomeoneElse() {
            fixture.given(team())
                    .when(new RemoveWorkspaceMemberCommand(WS, VIEWER, MEMBER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void removingAnUnknownUserIsNotFound() {
            fixture.given(team())
                    .when(new RemoveWorkspaceMemberCommand(WS, STRANGER, OWNER))
                    .expectException(rejected(ErrorCode.NOT_FOUND, "userId"));
        }

        @Test
        void anAdminMayNotRemoveAnOwner() {
            fixture.given(teamWith(new WorkspaceMemberAddedEvent(WS, OWNER_2, WorkspaceRole.OWNER, OWNER)))
                    .when(new RemoveWorkspaceMemberCommand(WS, OWNER_2, ADMIN))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void anOwnerMayRemoveAnotherOwner() {
            fixture.given(teamWith(new WorkspaceMemberAddedEvent(WS, OWNER_2, WorkspaceRole.OWNER, OWNER)))
                    .when(new RemoveWorkspaceMemberCommand(WS, OWNER_2, OWNER))
                    .expectEvents(new WorkspaceMemberRemovedEvent(WS, OWNER_2));
        }

        @Test
        void theLastOwnerCannotLeave() {
            fixture.given(team())
                    .when(new RemoveWorkspaceMemberCommand(WS, OWNER, OWNER))
                    .expectException(rejected(ErrorCode.CONFLICT));
        }

        @Test
        void anOwnerMayLeaveWhileAnotherOwnerRemains() {
            fixture.given(teamWith(new WorkspaceMemberAddedEvent(WS, OWNER_2, WorkspaceRole.OWNER, OWNER)))
                    .when(new RemoveWorkspaceMemberCommand(WS, OWNER, OWNER))
                    .expectEvents(new WorkspaceMemberRemovedEvent(WS, OWNER));
        }

        @Test
        void theLastOwnerCannotBeRemovedOnceTheOtherOwnerLeft() {
            fixture.given(teamWith(new WorkspaceMemberAddedEvent(WS, OWNER_2, WorkspaceRole.OWNER, OWNER),
                            new WorkspaceMemberRemovedEvent(WS, OWNER_2)))
                    .when(new RemoveWorkspaceMemberCommand(WS, OWNER, OWNER))
                    .expectException(rejected(ErrorCode.CONFLICT));
        }

        @Test
        void aRemovedMemberIsNoLongerAllowedToAct() {
            fixture.given(teamWith(new WorkspaceMemberRemovedEvent(WS, MEMBER)))
                    .when(new CreateCategoryCommand(WS, CAT, "Errands", null, MEMBER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }
    }

    @Nested
    class Categories {

        private final Object errands = new CategoryCreatedEvent(WS, CAT, "Errands", "#112233", MEMBER);

        @Test
        void aMemberCreatesACategory() {
            fixture.given(team())
                    .when(new CreateCategoryCommand(WS, CAT, " Errands ", "#A0b1C2", MEMBER))
                    .expectEvents(new CategoryCreatedEvent(WS, CAT, "Errands", "#A0b1C2", MEMBER))
                    .expectResultMessagePayload(6L);
        }

        @Test
        void aCategoryMayHaveNoColor() {
            fixture.given(team())
                    .when(new CreateCategoryCommand(WS, CAT, "Errands", null, MEMBER))
                    .expectEvents(new CategoryCreatedEvent(WS, CAT, "Errands", null, MEMBER));
        }

        @Test
        void aViewerMayNotCreateCategories() {
            fixture.given(team())
                    .when(new CreateCategoryCommand(WS, CAT, "Errands", null, VIEWER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void aBlankCategoryNameIsRejected() {
            fixture.given(team())
                    .when(new CreateCategoryCommand(WS, CAT, "  ", null, MEMBER))
                    .expectException(rejected(ErrorCode.VALIDATION, "name"));
        }

        @Test
        void aCategoryNameOfMoreThan100CharactersIsRejected() {
            fixture.given(team())
                    .when(new CreateCategoryCommand(WS, CAT, "c".repeat(101), null, MEMBER))
                    .expectException(rejected(ErrorCode.VALIDATION, "name"));
        }

        @Test
        void categoryNamesAreUniqueIgnoringCase() {
            fixture.given(teamWith(errands))
                    .when(new CreateCategoryCommand(WS, CAT_2, "ERRANDS", null, MEMBER))
                    .expectException(rejected(ErrorCode.ALREADY_EXISTS, "name"));
        }

        @Test
        void aColorNotWrittenAsHashAndSixHexDigitsIsRejected() {
            fixture.given(team())
                    .when(new CreateCategoryCommand(WS, CAT, "Errands", "#12345G", MEMBER))
                    .expectException(rejected(ErrorCode.VALIDATION, "color"));
        }

        @Test
        void aCategoryIdInUseIsRejected() {
            fixture.given(teamWith(errands))
                    .when(new CreateCategoryCommand(WS, CAT, "Chores", null, MEMBER))
                    .expectException(rejected(ErrorCode.ALREADY_EXISTS, "categoryId"));
        }

        @Test
        void theIdOfADeletedCategoryIsNotReused() {
            fixture.given(teamWith(errands, new CategoryDeletedEvent(WS, CAT)))
                    .when(new CreateCategoryCommand(WS, CAT, "Chores", null, MEMBER))
                    .expectException(rejected(ErrorCode.ALREADY_EXISTS, "categoryId"));
        }

        @Test
        void theNameOfADeletedCategoryIsFreeAgain() {
            fixture.given(teamWith(errands, new CategoryDeletedEvent(WS, CAT)))
                    .when(new CreateCategoryCommand(WS, CAT_2, "errands", null, MEMBER))
                    .expectEvents(new CategoryCreatedEvent(WS, CAT_2, "errands", null, MEMBER));
        }

        @Test
        void aMemberRenamesACategoryKeepingItsColor() {
            fixture.given(teamWith(errands))
                    .when(new UpdateCategoryCommand(WS, CAT, "Chores", null, MEMBER))
                    .expectEvents(new CategoryUpdatedEvent(WS, CAT, "Chores", "#112233"))
                    .expectResultMessagePayload(7L);
        }

        @Test
        void aMemberRecolorsACategoryKeepingItsName() {
            fixture.given(teamWith(errands))
                    .when(new UpdateCategoryCommand(WS, CAT, null, "#FFFFFF", MEMBER))
                    .expectEvents(new CategoryUpdatedEvent(WS, CAT, "Errands", "#FFFFFF"));
        }

        @Test
        void aCategoryMayBeRenamedToItsOwnNameInAnotherCase() {
            fixture.given(teamWith(errands))
                    .when(new UpdateCategoryCommand(WS, CAT, "ERRANDS", null, MEMBER))
                    .expectEvents(new CategoryUpdatedEvent(WS, CAT, "ERRANDS", "#112233"));
        }

        @Test
        void aCategoryMayNotTakeAnotherCategorysName() {
            fixture.given(teamWith(errands, new CategoryCreatedEvent(WS, CAT_2, "Chores", null, MEMBER)))
                    .when(new UpdateCategoryCommand(WS, CAT_2, "errands", null, MEMBER))
                    .expectException(rejected(ErrorCode.ALREADY_EXISTS, "name"));
        }

        @Test
        void anUpdateThatChangesNothingEmitsNothing() {
            fixture.given(teamWith(errands))
                    .when(new UpdateCategoryCommand(WS, CAT, " Errands ", "#112233", MEMBER))
                    .expectNoEvents()
                    .expectResultMessagePayload(6L);
        }

        @Test
        void anInvalidNewColorIsRejected() {
            fixture.given(teamWith(errands))
                    .when(new UpdateCategoryCommand(WS, CAT, null, "red", MEMBER))
                    .expectException(rejected(ErrorCode.VALIDATION, "color"));
        }

        @Test
        void aBlankNewNameIsRejected() {
            fixture.given(teamWith(errands))
                    .when(new UpdateCategoryCommand(WS, CAT, "", null, MEMBER))
                    .expectException(rejected(ErrorCode.VALIDATION, "name"));
        }

        @Test
        void updatingAnUnknownCategoryIsNotFound() {
            fixture.given(team())
                    .when(new UpdateCategoryCommand(WS, CAT, "Chores", null, MEMBER))
                    .expectException(rejected(ErrorCode.NOT_FOUND, "categoryId"));
        }

        @Test
        void aViewerMayNotUpdateCategories() {
            fixture.given(teamWith(errands))
                    .when(new UpdateCategoryCommand(WS, CAT, "Chores", null, VIEWER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void aMemberDeletesACategory() {
            fixture.given(teamWith(errands))
                    .when(new DeleteCategoryCommand(WS, CAT, MEMBER))
                    .expectEvents(new CategoryDeletedEvent(WS, CAT))
                    .expectResultMessagePayload(7L);
        }

        @Test
        void deletingAnUnknownCategoryIsNotFound() {
            fixture.given(team())
                    .when(new DeleteCategoryCommand(WS, CAT, MEMBER))
                    .expectException(rejected(ErrorCode.NOT_FOUND, "categoryId"));
        }

        @Test
        void aDeletedCategoryCannotBeUpdated() {
            fixture.given(teamWith(errands, new CategoryDeletedEvent(WS, CAT)))
                    .when(new UpdateCategoryCommand(WS, CAT, "Chores", null, MEMBER))
                    .expectException(rejected(ErrorCode.NOT_FOUND, "categoryId"));
        }

        @Test
        void aViewerMayNotDeleteCategories() {
            fixture.given(teamWith(errands))
                    .when(new DeleteCategoryCommand(WS, CAT, VIEWER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void aNonMemberMayNotCreateCategories() {
            fixture.given(team())
                    .when(new CreateCategoryCommand(WS, CAT, "Errands", null, STRANGER))
                    .expectException(rejected(ErrorCode.FORBIDDEN));
        }

        @Test
        void categoriesOfADeletedWorkspaceAreNotFound() {
            fixture.given(teamWith(errands, new WorkspaceDeletedEvent(WS)))
                    .when(new DeleteCategoryCommand(WS, CAT, OWNER))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }
    }
}
