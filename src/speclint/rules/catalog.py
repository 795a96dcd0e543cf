"""The explicit list of built-in domain rules (one module each)."""

from __future__ import annotations

from speclint.rules.appspec.acl_base_entry import AclBaseEntry
from speclint.rules.appspec.appspec_placement import AppspecPlacement
from speclint.rules.appspec.background_without_redirect import BackgroundWithoutRedirect
from speclint.rules.appspec.built_path import BuiltPath
from speclint.rules.appspec.destination_is_file import DestinationIsFile
from speclint.rules.appspec.ecs_container_name import EcsContainerName
from speclint.rules.appspec.ecs_container_port import EcsContainerPort
from speclint.rules.appspec.ecs_network_partial import EcsNetworkPartial
from speclint.rules.appspec.ecs_task_definition import EcsTaskDefinition
from speclint.rules.appspec.ecs_task_definition_json import EcsTaskDefinitionJson
from speclint.rules.appspec.files_source_missing import FilesSourceMissing
from speclint.rules.appspec.hook_name import HookName
from speclint.rules.appspec.hook_never_runs import HookNeverRuns
from speclint.rules.appspec.instance_path_location import InstancePathLocation
from speclint.rules.appspec.lambda_same_version import LambdaSameVersion
from speclint.rules.appspec.location_with_arguments import LocationWithArguments
from speclint.rules.appspec.mode_octal import ModeOctal
from speclint.rules.appspec.non_scriptable_event import NonScriptableEvent
from speclint.rules.appspec.os_mismatch import OsMismatch
from speclint.rules.appspec.overlapping_permissions import OverlappingPermissions
from speclint.rules.appspec.revision_not_checked import RevisionNotChecked
from speclint.rules.appspec.script_format import ScriptFormat
from speclint.rules.appspec.script_missing import ScriptMissing
from speclint.rules.appspec.selinux_user_key import SelinuxUserKey
from speclint.rules.appspec.stop_hook_fails import StopHookFails
from speclint.rules.appspec.timeout_total import TimeoutTotal
from speclint.rules.buildspec.artifact_path_prefix import ArtifactPathPrefix
from speclint.rules.buildspec.base_directory_missing import BaseDirectoryMissing
from speclint.rules.buildspec.batch_graph import BatchGraph
from speclint.rules.buildspec.batch_identifier import BatchIdentifier
from speclint.rules.buildspec.batch_multiple_types import BatchMultipleTypes
from speclint.rules.buildspec.buildspec_file_name import BuildspecFileName
from speclint.rules.buildspec.cache_key_pid import CacheKeyPid
from speclint.rules.buildspec.cache_fallback_without_key import CacheFallbackWithoutKey
from speclint.rules.buildspec.command_not_string import CommandNotString
from speclint.rules.buildspec.commands_block_string import CommandsBlockString
from speclint.rules.buildspec.deprecated_image import DeprecatedImage
from speclint.rules.buildspec.docker_runtime_removed import DockerRuntimeRemoved
from speclint.rules.buildspec.ecr_get_login import EcrGetLogin
from speclint.rules.buildspec.ecs_artifacts_missing import EcsArtifactsMissing
from speclint.rules.buildspec.ecs_image_detail_not_uploaded import EcsImageDetailNotUploaded
from speclint.rules.buildspec.ecs_image_file import EcsImageFile
from speclint.rules.buildspec.exported_variable_reserved import ExportedVariableReserved
from speclint.rules.buildspec.legacy_version import LegacyVersion
from speclint.rules.buildspec.on_failure import OnFailure
from speclint.rules.buildspec.phase_name import PhaseName
from speclint.rules.buildspec.phase_without_commands import PhaseWithoutCommands
from speclint.rules.buildspec.plaintext_secret import PlaintextSecret
from speclint.rules.buildspec.runtime_version_float import RuntimeVersionFloat
from speclint.rules.buildspec.runtime_required import RuntimeRequired
from speclint.rules.buildspec.runtime_version_unavailable import RuntimeVersionUnavailable
from speclint.rules.buildspec.runtime_versions_placement import RuntimeVersionsPlacement
from speclint.rules.buildspec.runtime_versions_unsupported import RuntimeVersionsUnsupported
from speclint.rules.buildspec.secrets_manager_reference import SecretsManagerReference
from speclint.rules.buildspec.unknown_image import UnknownImage
from speclint.rules.buildspec.unknown_runtime import UnknownRuntime
from speclint.rules.buildspec.version_quoted import VersionQuoted

DOMAIN_RULES = [
    ArtifactPathPrefix, BaseDirectoryMissing, EcsArtifactsMissing,
    ScriptMissing, FilesSourceMissing, ScriptFormat, BackgroundWithoutRedirect,
    RevisionNotChecked, InstancePathLocation, BuiltPath,
    UnknownRuntime, RuntimeVersionUnavailable, DockerRuntimeRemoved, RuntimeVersionsUnsupported, DeprecatedImage,
    UnknownImage, RuntimeRequired,
    HookNeverRuns,
    CommandNotString, PhaseName, RuntimeVersionsPlacement, LegacyVersion, OnFailure,
    SecretsManagerReference, PlaintextSecret, BatchGraph, BatchIdentifier, VersionQuoted, RuntimeVersionFloat,
    CommandsBlockString, CacheFallbackWithoutKey, ExportedVariableReserved, BatchMultipleTypes,
    PhaseWithoutCommands, BuildspecFileName,
    HookName, NonScriptableEvent, ModeOctal, TimeoutTotal, LocationWithArguments, OsMismatch,
    DestinationIsFile, OverlappingPermissions, LambdaSameVersion, EcsNetworkPartial,
    EcsTaskDefinition, AclBaseEntry, SelinuxUserKey, AppspecPlacement,
    EcsContainerName, EcsContainerPort, EcsTaskDefinitionJson, EcsImageFile, EcsImageDetailNotUploaded,
    EcrGetLogin, CacheKeyPid, StopHookFails,
]
