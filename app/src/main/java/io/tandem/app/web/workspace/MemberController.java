package io.tandem.app.web.workspace;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.workspace.AddWorkspaceMemberCommand;
import io.tandem.api.workspace.ChangeWorkspaceMemberRoleCommand;
import io.tandem.api.workspace.FetchWorkspaceMembersQuery;
import io.tandem.api.workspace.MemberView;
import io.tandem.api.workspace.RemoveWorkspaceMemberCommand;
import io.tandem.app.account.UserDirectory;
import io.tandem.app.account.UserSummary;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.web.PageResponse;
import io.tandem.app.web.Paging;
import io.tandem.app.readmodel.ReadYourWrites;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Need;
import io.tandem.app.web.workspace.WorkspaceResponses.Member;
import jakarta.validation.Valid;
import io.tandem.app.messaging.Commands;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "members")
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}")
class MemberController {

    private final Commands commands;
    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final ReadYourWrites readYourWrites;
    private final UserDirectory users;

    MemberController(Commands commands, QueryGateway queries, WorkspaceAccess access,
                     ReadYourWrites readYourWrites, UserDirectory users) {
        this.commands = commands;
        this.queries = queries;
        this.access = access;
        this.readYourWrites = readYourWrites;
        this.users = users;
    }

    @Operation(operationId = "listMembers", summary = "List a workspace's members",
            description = "Each member's user id, email, name, role, who invited them and when they joined, as a "
                    + "page. For members.")
    @GetMapping("/members")
    PageResponse<Member> list(CurrentUser user, @PathVariable UUID workspaceId,
                              @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        access.require(workspaceId, user, Need.READ);
        List<MemberView> members = members(workspaceId);
        Map<UUID, UserSummary> people = users.findByIds(members.stream().map(MemberView::userId).toList());
        return PageResponse.of(members.stream().map(m -> Member.of(m, people.get(m.userId()))).toList(),
                Paging.of(page, size));
    }

    @Operation(operationId = "inviteMember", summary = "Add an existing user to a workspace",
            description = "Owners and admins add a registered user by email with a role (owner, admin, member, "
                    + "viewer): 201 with the `Member`. An email without an account answers 404; a user who is a "
                    + "member already, 409.")
    @PostMapping("/invite")
    ResponseEntity<Member> invite(CurrentUser user, @PathVariable UUID workspaceId,
                                  @Valid @RequestBody WorkspaceRequests.Invite body) {
        access.require(workspaceId, user, Need.MANAGE);
        UserSummary invitee = users.findByEmail(body.email())
                .orElseThrow(() -> ApiException.notFound("No account has that email; people register first"));
        long version = commands.send(
                new AddWorkspaceMemberCommand(workspaceId, invitee.id(), body.role(), user.id()));
        Member member = read(workspaceId, invitee, version);
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + workspaceId + "/members/" + invitee.id()))
                .body(member);
    }

    /** Not in the contract's table, but the issue asks for role changes: PUT {role} on the member. */
    @Operation(operationId = "changeMemberRole", summary = "Change a member's role",
            description = "Owners and admins. The last owner cannot be demoted (409).")
    @PutMapping("/members/{userId}")
    Member changeRole(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID userId,
                      @Valid @RequestBody WorkspaceRequests.ChangeRole body) {
        access.require(workspaceId, user, Need.MANAGE);
        long version = commands.send(new ChangeWorkspaceMemberRoleCommand(workspaceId, userId, body.role(), user.id()));
        return read(workspaceId, users.findById(userId).orElse(null), userId, version);
    }

    @Operation(operationId = "removeMember", summary = "Remove a member, or leave a workspace",
            description = "Owners and admins remove anyone; every member may remove themself. The last owner cannot "
                    + "be removed (409). Answers 204.")
    @DeleteMapping("/members/{userId}")
    ResponseEntity<Void> remove(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID userId) {
        access.require(workspaceId, user, user.id().equals(userId) ? Need.READ : Need.MANAGE);
        if (user.auditor() && access.membership(workspaceId, user.id()).isEmpty()) {
            throw ApiException.forbidden("Auditors read workspaces but never change them");
        }
        long version = commands.send(new RemoveWorkspaceMemberCommand(workspaceId, userId, user.id()));
        readYourWrites.awaitWorkspace(workspaceId, version);
        return ResponseEntity.noContent().build();
    }

    private Member read(UUID workspaceId, UserSummary person, long version) {
        return read(workspaceId, person, person.id(), version);
    }

    private Member read(UUID workspaceId, UserSummary person, UUID userId, long version) {
        readYourWrites.awaitWorkspace(workspaceId, version);
        MemberView view = access.membership(workspaceId, userId)
                .orElseThrow(() -> ApiException.notFound("Member not found"));
        return Member.of(view, person);
    }

    private List<MemberView> members(UUID workspaceId) {
        return queries.query(new FetchWorkspaceMembersQuery(workspaceId),
                ResponseTypes.multipleInstancesOf(MemberView.class)).join();
    }
}
