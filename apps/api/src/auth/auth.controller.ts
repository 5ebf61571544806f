import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ZodResponse } from 'nestjs-zod';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { ApiTokensService } from './api-tokens.service';
import { AuthService } from './auth.service';
import { CurrentUser, type Principal } from './decorators/current-user.decorator';
import { Public } from './decorators/public.decorator';
import { Roles } from './decorators/roles.decorator';
import {
  ApiTokenCreateDto,
  ApiTokenCreatedDto,
  ApiTokenListDto,
  LoginRequestDto,
  LoginResponseDto,
  UserDto,
} from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in',
    description: 'Exchange email and password for a JWT. Rate limited per client IP (429 with Retry-After).',
  })
  @ZodResponse({ status: 200, type: LoginResponseDto })
  @ApiErrors(400, 401, 429, 503)
  login(@Body() body: LoginRequestDto) {
    return this.auth.login(body);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'Who am I', description: 'The signed-in user (with the role of the token used).' })
  @ZodResponse({ type: UserDto })
  @ApiErrors(401, 503)
  me(@CurrentUser() user: Principal) {
    return this.auth.me(user);
  }

  @ApiBearerAuth()
  @Roles('admin', 'viewer')
  @Post('tokens')
  @ApiOperation({
    summary: 'Create an API token',
    description:
      'Returns the token once; only its hash is stored. Use it as `Authorization: Bearer sbt_…`. A viewer can only mint viewer tokens.',
  })
  @ZodResponse({ status: 201, type: ApiTokenCreatedDto })
  @ApiErrors(400, 401, 403, 503)
  createToken(@CurrentUser() user: Principal, @Body() body: ApiTokenCreateDto) {
    return this.apiTokens.create(user, body);
  }

  @ApiBearerAuth()
  @Get('tokens')
  @ApiOperation({
    summary: 'List your API tokens',
    description: 'Metadata only; token values are never shown again.',
  })
  @ZodResponse({ type: ApiTokenListDto })
  @ApiErrors(401, 503)
  listTokens(@CurrentUser() user: Principal) {
    return this.apiTokens.list(user);
  }

  @ApiBearerAuth()
  @Roles('admin', 'viewer')
  @Delete('tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of your API tokens' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(400, 401, 404, 503)
  async revokeToken(@CurrentUser() user: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.apiTokens.revoke(user, id);
  }
}
